using Expotion.Core;
using Expotion.Eval;
using Expotion.Music.Core;
using Expotion.Music.Core.Conductor;

namespace Expotion.Music.Tests;

/// <summary>Large gestures get accents: a surge of motion against the recent beats, not steady motion, however big.</summary>
public sealed class GestureAccentTests
{
    [Fact]
    public void Beat_SteadyPeaks_NoAccent_ASurge_Accented_StillTwitches_Not()
    {
        var accents = new GestureAccents();
        bool Beat(double peak)
        {
            accents.Push(peak * 0.5);
            accents.Push(peak);
            return accents.Beat();
        }
        Assert.False(Beat(0.9));                     // too little history to compare with
        Assert.False(Beat(0.3));
        Assert.All(Enumerable.Range(0, 6), _ => Assert.False(Beat(0.3)));
        Assert.True(Beat(0.9));                      // three times the recent peaks
        Assert.False(Beat(0.9));                     // a second big one is measured against the first
        foreach (var _ in Enumerable.Range(0, 6)) Beat(0.004);
        Assert.False(Beat(0.05));                    // a twitch of a still performer: above the ratio, below MinPeak
    }

    [Fact]
    public async Task GenerateAsync_OneBigSwingAmongSteadyOnes_AccentsTheBeatItLeadsInto()
    {
        SynthFacts.RequireSynth();
        var energy = Synthetic.Pulses(120, 12, amplitude: 0.2, phaseSeconds: 0.05);
        // The swing peaking at 8.05 s is four times as large.
        for (var i = 0; i < energy.Length; i++)
        {
            var t = (double)i / TimeGrid.RateHz;
            if (Math.Abs(t - 8.05) < 0.2) energy[i] = 0.03f + (energy[i] - 0.03f) * 4;
        }
        var outputs = await Run.CollectAsync(Synthetic.Settings("pop"), energy);
        var accented = outputs.OfType<BeatEvent>().Where(b => b.Accent).Select(b => b.PtsUs / 1e6).ToList();
        TestContext.Current.TestOutputHelper?.WriteLine($"accented beats at {string.Join(", ", accented.Select(t => $"{t:F2}"))} s");
        var accent = Assert.Single(accented);
        Assert.InRange(accent, 8.0, 8.6);                // the beat of the swing, or the one right after it

        var steady = await Run.CollectAsync(Synthetic.Settings("pop"), Synthetic.Pulses(120, 12, amplitude: 0.2, phaseSeconds: 0.05));
        Assert.DoesNotContain(steady.OfType<BeatEvent>(), b => b.Accent);
    }

    [Fact]
    public async Task GenerateAsync_BigSwingBetweenBeats_AnsweredOnTheTickItSurges()
    {
        SynthFacts.RequireSynth();
        // Steady pulses on the beat (peaks at 0.05 + k/2 s); a swing four times as large peaking between two beats, at 8.3 s.
        var energy = Synthetic.Pulses(120, 12, amplitude: 0.2, phaseSeconds: 0.05);
        for (var i = 0; i < energy.Length; i++)
        {
            var t = (double)i / TimeGrid.RateHz;
            if (Math.Abs(t - 8.3) < 0.1) energy[i] = (float)Math.Max(energy[i], 0.03 + 0.8 * Math.Pow(Math.Cos(Math.PI * (t - 8.3) / 0.2), 2));
        }
        var surge = (double)Enumerable.Range(8 * TimeGrid.RateHz, TimeGrid.RateHz).First(i => energy[i] >= 2 * 0.23) / TimeGrid.RateHz;
        var outputs = await Run.CollectAsync(Synthetic.Settings("pop", chunkMs: 20), energy);
        var onsets = AudioAnalyzer.Onsets(AudioAnalysis.Mono(outputs.OfType<AudioBlock>()), 32000);
        var near = onsets.Where(t => t > 8.1 && t < 8.5).ToList();
        TestContext.Current.TestOutputHelper?.WriteLine($"surge at {surge:F2} s; onsets 8.1-8.5 s: {string.Join(", ", near.Select(t => $"{t:F3}"))}");
        Assert.Contains(near, t => t - surge is >= -0.03 and <= 0.025);   // the grid's nearest sixteenths are 8.175 and 8.3 s
    }
}
