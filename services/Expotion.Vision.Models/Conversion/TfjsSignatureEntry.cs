namespace Expotion.Vision.Models.Conversion;

/// <summary>A model input or output: the tensor name (<c>node</c> or <c>node:k</c>), its type and its shape
/// (-1 for an unknown size).</summary>
public sealed record TfjsSignatureEntry(string Key, string Tensor, OnnxDataType Type, long[]? Shape);
