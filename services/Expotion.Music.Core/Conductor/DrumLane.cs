namespace Expotion.Music.Core.Conductor;

/// <summary>
/// One drum voice over one 4/4 bar of sixteenth steps. Step characters: '.' rest, 'o' ghost, 'x' normal,
/// 'X' accent.
/// </summary>
/// <param name="Note">General MIDI percussion key (channel 10), e.g. 36 kick, 38 snare, 42 closed hat.</param>
/// <param name="Steps">16 characters.</param>
public sealed record DrumLane(int Note, string Steps)
{
    /// <summary>Velocity factor of a step (0 for a rest).</summary>
    public static double Accent(char step) => step switch
    {
        'X' => 1.0,
        'x' => 0.8,
        'o' => 0.45,
        _ => 0.0,
    };
}
