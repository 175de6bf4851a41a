namespace Expotion.Gateway.Core;

/// <summary>What one Perform stream did at the gateway (for its log line).</summary>
public sealed class PerformStats
{
    private long _framesIn, _framesDropped, _audioFrames, _events, _updates;
    public long FramesIn => Interlocked.Read(ref _framesIn);
    public long FramesDropped => Interlocked.Read(ref _framesDropped);
    public long AudioFrames => Interlocked.Read(ref _audioFrames);
    public long Events => Interlocked.Read(ref _events);
    public long Updates => Interlocked.Read(ref _updates);
    public void FrameIn() => Interlocked.Increment(ref _framesIn);
    public void FrameDropped() => Interlocked.Increment(ref _framesDropped);
    public void Audio(int frames) => Interlocked.Add(ref _audioFrames, frames);
    public void Event() => Interlocked.Increment(ref _events);
    public void Update() => Interlocked.Increment(ref _updates);
}
