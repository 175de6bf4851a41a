namespace Expotion.Music.Core.Conductor;

/// <summary>Major or (natural) minor.</summary>
public enum Tonality
{
    Major,
    Minor,
}
