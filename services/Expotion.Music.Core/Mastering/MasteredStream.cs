using System.Runtime.CompilerServices;

namespace Expotion.Music.Core.Mastering;

/// <summary>
/// Puts one stream's backend output through one <see cref="MasterBus"/>, whatever the backend: audio blocks
/// are mastered in place and keep their times and sizes, so the stream's contract (contiguous blocks on the
/// chunk grid, its length) is unchanged. The limiter's look-ahead delays the audio by <see cref="LatencyFrames"/>
/// (5.5 ms at 32 kHz): the events that mark a heard instant (beat, chord, dynamics) move later by
/// <see cref="LatencyUs"/>, so a beat's time is still when it is heard; style and tempo events, which announce
/// what plays from a chunk boundary on, keep their times; the backend's last 5.5 ms (the conductor's faded
/// release) stay in the delay line. The bus is a pure function of the audio fed to it from time 0, so a stream
/// replayed from condition 0 (resume) is mastered sample-identically.
/// </summary>
public sealed class MasteredStream
{
    private readonly MusicSettings _settings;
    private readonly MasterBus _bus;

    public MasteredStream(MusicSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _bus = new MasterBus(settings.SampleRate, settings.Channels, settings.LoudnessTargetLufs);
        LatencyUs = (long)Math.Round(LatencyFrames * 1_000_000.0 / settings.SampleRate);
    }

    /// <summary>Frames by which the mastered audio trails the backend's (the limiter's look-ahead).</summary>
    public int LatencyFrames => _bus.LatencyFrames;

    /// <summary><see cref="LatencyFrames"/> in microseconds (5500 µs at 32 kHz).</summary>
    public long LatencyUs { get; }

    public async IAsyncEnumerable<MusicOutput> MasterAsync(IAsyncEnumerable<MusicOutput> outputs, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        await foreach (var output in outputs.WithCancellation(cancellationToken))
        {
            if (output is not AudioBlock block)
            {
                yield return output is BeatEvent or ChordEvent or DynamicsEvent ? output with { PtsUs = output.PtsUs + LatencyUs } : output;
                continue;
            }
            if (block.SampleRate != _settings.SampleRate || block.Channels != _settings.Channels)
                throw new InvalidOperationException($"the backend sent {block.SampleRate} Hz × {block.Channels} audio for a {_settings.SampleRate} Hz × {_settings.Channels} stream");
            _bus.Process(block.Samples);
            yield return block;
        }
    }
}
