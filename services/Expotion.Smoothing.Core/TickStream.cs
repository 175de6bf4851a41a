using System.Threading.Channels;

namespace Expotion.Smoothing.Core;

/// <summary>
/// One live stream inside the <see cref="SmoothingTicker"/>: its inbox of checked feature frames (bounded, so a stream
/// that sends faster than the ticks drain waits, as it waits on today's queue), its outbox of conditions, and the filter
/// state that stays with it from tick to tick. Only the tick touches the filter state.
/// </summary>
internal sealed class TickStream
{
    /// <summary>Feature frames a tick takes from one stream at most; the inbox holds as many.</summary>
    public const int FramesPerTick = 32;

    /// <summary>Conditions waiting to be sent above which a tick takes no frames from the stream (its reader is slow).</summary>
    public const int MaxBacklog = 64;

    public TickStream(AlignSettings settings)
    {
        Settings = settings;
        Alpha = CausalFilter.Alpha(settings.SmoothingMs);
        Radius = settings.LookaheadFrames;
        if (settings.Mode == SmoothingMode.Centred) Weights = CentredFilter.Weights(settings.SmoothingMs, Radius);
    }

    public AlignSettings Settings { get; }

    public int Dims => Settings.Dims;

    public float Alpha { get; }

    public int Radius { get; }

    public float[] Weights { get; } = [];

    public Channel<FeatureSample> Inbox { get; } = Channel.CreateBounded<FeatureSample>(
        new BoundedChannelOptions(FramesPerTick) { SingleReader = true, SingleWriter = true });

    public Channel<ConditionVector> Outbox { get; } = Channel.CreateUnbounded<ConditionVector>(
        new UnboundedChannelOptions { SingleWriter = true });   // not SingleReader: that channel cannot count its backlog

    /// <summary>Set when the stream's reader went away (ended, cancelled): the next tick drops the stream.</summary>
    public volatile bool Left;

    // The resampler's held frame and the next grid index (as TimelineAligner's loop keeps them).
    public FeatureSample? Previous;
    public long Next;

    // Causal: the exponential's last output. Centred: grid rows from WindowFirst on, and the next centre to emit.
    public float[]? State;
    public readonly List<float[]> Window = [];
    public long WindowFirst, NextOut = -1;

    // This tick's work: the frames taken, whether the input ended after them, and the grid rows they gave.
    public readonly List<FeatureSample> Taken = [];
    public bool Ending;
    public Exception? Fault;

    /// <summary>Why the input ended early (a bad frame, a cancelled read); written before the inbox completes.</summary>
    public volatile Exception? PumpError;
    public long RowsFrom;
    public float[][] Rows = [];

    public void Emit(long index, float[] values) => Outbox.Writer.TryWrite(new ConditionVector(index, Expotion.Core.TimeGrid.PtsOf(index), values));
}
