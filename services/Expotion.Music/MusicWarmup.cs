using System.Runtime.CompilerServices;
using Expotion.Core;
using Expotion.Music.Core;
using Expotion.Music.Core.Conductor;
using Expotion.Music.Core.Mastering;
using Expotion.ServiceDefaults.Warmup;

namespace Expotion.Music;

/// <summary>
/// Before the music host listens: a synthetic performance (motion energy pulsing at 120 BPM on the 50 Hz grid) through
/// the <see cref="Conductor"/> a stream uses: tempo tracking, the beat grid, arrangement and SoundFont rendering of
/// 100 ms chunks, and the master bus. Skipped when no SoundFont is there (already logged at start-up; each stream reports it).
/// The musicgen backend is warmed by loading its model (<c>MusicGenWarmup</c>), not by decoding.
/// </summary>
internal sealed class MusicWarmup(Conductor conductor) : IStageWarmup
{
    private const int RateHz = TimeGrid.RateHz;
    private static readonly ConditionLayout Layout = new("expotion.warmup", 5, ["motion_energy", "mean_dx", "mean_dy", "valence", "arousal"], 0);

    public string Stage => "music";

    public async Task<string> WarmUpAsync(WarmupOptions options, CancellationToken cancellationToken)
    {
        try { conductor.LoadSoundFont(); }
        catch (Exception ex) when (ex is FileNotFoundException or Core.Rendering.FluidSynthException or DllNotFoundException)
        {
            return "nothing (no SoundFont to render with)";
        }
        var count = Math.Max(RateHz, (int)Math.Round(options.Seconds * RateHz));
        var settings = new MusicSettings("warm-up", 1, MusicSettings.DefaultSampleRate, MusicSettings.DefaultChannels, ChunkLength.DefaultMs, Layout);
        long frames = 0;
        var outputs = conductor.GenerateAsync(settings, Conditions(count, cancellationToken), new StreamStats(), cancellationToken);
        await foreach (var output in new MasteredStream(settings).MasterAsync(outputs, cancellationToken).ConfigureAwait(false))
            if (output is AudioBlock block) frames += block.Frames;
        return $"{count} condition frames into {frames / (double)settings.SampleRate:F1} s of audio";
    }

    private static async IAsyncEnumerable<Condition> Conditions(int count, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var i = 0; i < count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var beatPhase = i % (RateHz / 2) / (RateHz / 2.0);   // 120 BPM: a stroke every 25 frames
            var energy = (float)(0.05 + 0.6 * Math.Exp(-beatPhase * 8));
            yield return new Condition(i, TimeGrid.PtsOf(i), [energy, energy * 0.3f, 0f, 0.2f, energy]);
            await Task.Yield();
        }
    }
}
