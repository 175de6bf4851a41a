namespace Expotion.V1;

/// <summary>A message on the live path that carries hop stamps for the latency budget (<see cref="HopLedger"/>).</summary>
public interface IStamped
{
    long PtsUs { get; }

    HopTimes Timing { get; }
}

public sealed partial class VideoFrame : IStamped;

public sealed partial class FeatureFrame : IStamped;

public sealed partial class ConditionFrame : IStamped;
