namespace Expotion.Vision.Models.Conversion;

/// <summary>A TF.js model that cannot be read or converted (an unsupported op or attribute, a bad manifest).</summary>
public sealed class TfjsConversionException(string message) : Exception(message);
