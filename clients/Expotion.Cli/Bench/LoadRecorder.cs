namespace Expotion.Cli.Bench;

/// <summary>The hops whose added latency the load bench reports.</summary>
internal enum LoadHop
{
    /// <summary>A frame sent → its feature frame back (the vision stage plus two loopback hops).</summary>
    Vision,
    /// <summary>The feature frame that releases a 50 Hz grid point → that condition frame back.</summary>
    Smoothing,
    /// <summary>The last condition an audio chunk needs → the chunk back.</summary>
    Music,
    /// <summary>The video frame that releases an audio chunk is sent → the chunk back (end to end).</summary>
    Pipeline,
}

/// <summary>
/// What the load bench's streams measured, shared by all of them (thread-safe): latency samples per hop,
/// both for the current reporting interval and, once the warm-up is over, for the whole run; and counters.
/// </summary>
internal sealed class LoadRecorder
{
    private static readonly int Hops = Enum.GetValues<LoadHop>().Length;
    private readonly Lock _lock = new();
    private LatencyStats[] _interval = NewSet();
    private readonly LatencyStats[] _total = NewSet();
    private long _framesSent, _featuresBack, _conditionsBack, _audioFramesBack, _errors, _streamsOpen;
    private long _intervalFramesSent, _intervalFeaturesBack, _intervalAudioFramesBack;

    /// <summary>Samples go into the run's totals only while this is set (after the warm-up).</summary>
    public bool Counting { get; set; }

    public long FramesSent => Interlocked.Read(ref _framesSent);
    public long FeaturesBack => Interlocked.Read(ref _featuresBack);
    public long ConditionsBack => Interlocked.Read(ref _conditionsBack);
    public long AudioFramesBack => Interlocked.Read(ref _audioFramesBack);
    public long Errors => Interlocked.Read(ref _errors);
    public long StreamsOpen => Interlocked.Read(ref _streamsOpen);

    public void Latency(LoadHop hop, double ms)
    {
        lock (_lock)
        {
            _interval[(int)hop].Add(ms);
            if (Counting) _total[(int)hop].Add(ms);
        }
    }

    public void FrameSent() { Interlocked.Increment(ref _framesSent); Interlocked.Increment(ref _intervalFramesSent); }
    public void FeatureBack() { Interlocked.Increment(ref _featuresBack); Interlocked.Increment(ref _intervalFeaturesBack); }
    public void ConditionBack() => Interlocked.Increment(ref _conditionsBack);
    public void AudioBack(int frames) { Interlocked.Add(ref _audioFramesBack, frames); Interlocked.Add(ref _intervalAudioFramesBack, frames); }
    public void Error() => Interlocked.Increment(ref _errors);
    public void StreamOpened() => Interlocked.Increment(ref _streamsOpen);
    public void StreamClosed() => Interlocked.Decrement(ref _streamsOpen);

    /// <summary>The current interval's samples and counts (frames sent, features back, audio sample frames back); starts the next interval.</summary>
    public (LatencyStats[] Latency, long FramesSent, long FeaturesBack, long AudioFrames) TakeInterval()
    {
        LatencyStats[] taken;
        lock (_lock) (taken, _interval) = (_interval, NewSet());
        return (taken, Interlocked.Exchange(ref _intervalFramesSent, 0), Interlocked.Exchange(ref _intervalFeaturesBack, 0),
            Interlocked.Exchange(ref _intervalAudioFramesBack, 0));
    }

    /// <summary>The run's samples per hop (those taken after the warm-up).</summary>
    public LatencyStats Total(LoadHop hop)
    {
        lock (_lock) return _total[(int)hop];
    }

    private static LatencyStats[] NewSet() => [.. Enumerable.Range(0, Hops).Select(_ => new LatencyStats())];
}
