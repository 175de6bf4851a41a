namespace Expotion.Music.Core.Conductor;

/// <summary>
/// A one-bar melodic cell: onset steps and lengths (sixteenths) and a contour in scale degrees relative
/// to its first note. The melody develops it by repetition, sequence, inversion, retrograde and
/// fragmentation.
/// </summary>
public sealed record Motif(IReadOnlyList<int> Steps, IReadOnlyList<int> Lengths, IReadOnlyList<int> Contour)
{
    private static readonly int[] StepChoices = [-3, -2, -1, 0, 1, 2, 3, 4];
    private static readonly double[] StepWeights = [0.5, 1.5, 3, 0.8, 3, 1.5, 0.7, 0.3];

    /// <summary>Draws a motif over one of the given one-bar rhythms.</summary>
    public static Motif Create(IReadOnlyList<string> rhythms, SeededRandom rng)
    {
        var rhythm = rng.Pick(rhythms);
        var steps = new List<int>();
        var lengths = new List<int>();
        for (var i = 0; i < rhythm.Length; i++)
        {
            if (rhythm[i] != 'x') continue;
            steps.Add(i);
            lengths.Add(PartPattern.Length(rhythm, i));
        }
        var contour = new int[steps.Count];
        for (var i = 1; i < contour.Length; i++)
        {
            var step = StepChoices[rng.PickWeighted(StepWeights)];
            if (Math.Abs(contour[i - 1] + step) > 4) step = -step;
            contour[i] = contour[i - 1] + step;
        }
        return new Motif(steps, lengths, contour);
    }

    /// <summary>The contour turned upside down.</summary>
    public Motif Inverted() => this with { Contour = Contour.Select(d => -d).ToArray() };

    /// <summary>The contour played backwards over the same rhythm.</summary>
    public Motif Retrograde()
    {
        var reversed = Contour.Reverse().ToArray();
        return this with { Contour = reversed.Select(d => d - reversed[0]).ToArray() };
    }

    /// <summary>The notes that start in the first half of the bar.</summary>
    public Motif FirstHalf()
    {
        var keep = Steps.Count(s => s < 8);
        if (keep == 0) keep = 1;
        return new Motif(Steps.Take(keep).ToArray(),
            Lengths.Take(keep).Select((l, i) => Math.Min(l, Math.Max(1, 8 - Steps[i]))).ToArray(),
            Contour.Take(keep).ToArray());
    }

    /// <summary>The rhythm shifted later by <paramref name="steps"/> when it fits in the bar.</summary>
    public Motif Displaced(int steps)
    {
        var last = Steps[^1] + Lengths[^1];
        return last + steps > 16 ? this : this with { Steps = Steps.Select(s => s + steps).ToArray() };
    }
}
