namespace Expotion.Music.Core.Conductor;

/// <summary>
/// A bass or comping rhythm over one bar of sixteenth steps, sparse (<see cref="Low"/>) and busy
/// (<see cref="High"/>). Bass steps: 'R' root, 'r' soft root, '5' fifth, '8' octave, '3' third, '7' seventh,
/// 'a' chromatic approach to the next chord's root, 'w' walking quarter note. Comping steps: 'x' chord held
/// to the next onset, 's' short stab, 'a' next note of an arpeggio. '-' holds the previous note, '.' rests.
/// </summary>
public sealed record PartPattern(string Low, string High)
{
    /// <summary>Number of sixteenth steps the note at <paramref name="step"/> lasts (its '-' run).</summary>
    public static int Length(string steps, int step)
    {
        var n = 1;
        while (step + n < steps.Length && steps[step + n] == '-') n++;
        return n;
    }
}
