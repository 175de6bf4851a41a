using Expotion.Core;
using Expotion.Eval;
using Expotion.Music.Core;

namespace Expotion.Music.Tests;

/// <summary>
/// The music answers at once, measured in samples of the rendered audio (sample time, not wall time): a stroke after
/// stillness is heard on its peak, at most two ticks after the tick whose condition first shows it, and a stop thins
/// the parts on its first quiet tick.
/// </summary>
public sealed class ImmediateAnswerTests
{
    /// <summary>Strikes at 120 BPM, still from 4 s, strikes again from <paramref name="restart"/> (off the old grid).</summary>
    private static float[] StopAndReturn(double restart, double seconds = 9) =>
        Synthetic.Strikes(120, seconds, t => t >= 4 && t < restart, restart);

    private static double FirstMovingTickSeconds(float[] energy, double after) =>
        (double)Enumerable.Range((int)(after * TimeGrid.RateHz), energy.Length).First(i => energy[i] >= 0.02) / TimeGrid.RateHz;

    [Theory]
    [InlineData("pop", 5.77)]
    [InlineData("funk with drums", 6.13)]
    [InlineData("classical", 5.91)]   // no drums: the answer is a chord
    [InlineData("solo piano", 6.05)]
    public async Task GenerateAsync_StrokeAfterStillness_FirstNewOnsetWithinTwoTicksOfIt(string prompt, double restart)
    {
        SynthFacts.RequireSynth();
        var energy = StopAndReturn(restart);
        var shown = FirstMovingTickSeconds(energy, restart - 0.1);
        var outputs = await Run.CollectAsync(Synthetic.Settings(prompt, chunkMs: 20), energy);
        var onsets = AudioAnalyzer.Onsets(AudioAnalysis.Mono(outputs.OfType<AudioBlock>()), 32000);
        var first = onsets.First(t => t >= shown - 0.03);
        TestContext.Current.TestOutputHelper?.WriteLine($"stroke shown at tick {shown:F2} s, first onset after it at {first:F3} s ({(first - shown) * 1000:F0} ms)");
        Assert.InRange(first - shown, -0.03, 0.06);   // the answer waits for the stroke's peak, at most 40 ms
        Assert.Contains(outputs.OfType<BeatEvent>(), b => b.PtsUs / 1e6 - shown is >= -0.001 and <= 0.041 && b.BeatInBar == 0 && b.Accent);
    }

    [Fact]
    public async Task GenerateAsync_StrongerStroke_LouderAnswer()
    {
        SynthFacts.RequireSynth();
        const double restart = 5.77;
        var strong = StopAndReturn(restart);
        var weak = strong.ToArray();
        for (var i = (int)(restart * TimeGrid.RateHz); i < (int)((restart + 0.1) * TimeGrid.RateHz); i++) weak[i] = 0.02f + 0.1f * (strong[i] - 0.02f);
        var shown = FirstMovingTickSeconds(weak, restart - 0.1);
        double PeakAfter(List<MusicOutput> outputs)
        {
            var mono = AudioAnalysis.Mono(outputs.OfType<AudioBlock>());
            return mono.Skip((int)(shown * 32000)).Take(32000 / 10).Select(Math.Abs).Max();
        }
        var loud = PeakAfter(await Run.CollectAsync(Synthetic.Settings("pop", chunkMs: 20), strong));
        var soft = PeakAfter(await Run.CollectAsync(Synthetic.Settings("pop", chunkMs: 20), weak));
        TestContext.Current.TestOutputHelper?.WriteLine($"peak in the 100 ms after the stroke: strong {loud:F3}, weak {soft:F3}");
        Assert.True(loud > 1.3 * soft, $"strong {loud:F3} vs weak {soft:F3}");
    }

    [Theory]
    [InlineData("funk with drums, without pad")]
    [InlineData("rock")]
    public async Task GenerateAsync_StopInSteadyMotion_PartsDropOnTheFirstQuietTick(string prompt)   // the pad holds (it swells in stillness), so the prompts leave it out or keep it quiet
    {
        SynthFacts.RequireSynth();
        const double stop = 6.0;
        var moving = Synthetic.Pulses(120, 8, floor: 0.05);
        var stopped = moving.Take((int)(stop * TimeGrid.RateHz)).Concat(Synthetic.Still(8 - stop)).ToArray();
        double Rms(List<MusicOutput> outputs, double from, double to)
        {
            var mono = AudioAnalysis.Mono(outputs.OfType<AudioBlock>());
            return AudioAnalysis.Rms(mono.AsSpan((int)(from * 32000), (int)((to - from) * 32000)));
        }
        var go = await Run.CollectAsync(Synthetic.Settings(prompt, chunkMs: 20), moving);
        var halt = await Run.CollectAsync(Synthetic.Settings(prompt, chunkMs: 20), stopped);
        var before = Rms(halt, stop - 0.5, stop) / Rms(go, stop - 0.5, stop);
        var after = Rms(halt, stop + 0.03, stop + 0.2) / Rms(go, stop + 0.03, stop + 0.2);
        TestContext.Current.TestOutputHelper?.WriteLine($"level against the run that goes on: {20 * Math.Log10(before):F1} dB before the stop, {20 * Math.Log10(after):F1} dB in the 30-200 ms after it");
        Assert.InRange(before, 0.99, 1.01);
        Assert.True(after < 0.5, $"{20 * Math.Log10(after):F1} dB");
    }
}
