namespace Expotion.Eval;

/// <summary>A span of time in seconds, [Start, End).</summary>
public readonly record struct TimeSpanS(double Start, double End)
{
    public double Length => End - Start;
}
