using Expotion.Core;
using Expotion.Music.Core;
using Expotion.Music.Core.Conductor;

namespace Expotion.Music.Tests;

/// <summary>Motion energy is ranged per performance: far footage spans the range of close footage, stillness stays still.</summary>
public sealed class MotionRangeTests
{
    /// <summary>A far camera: the same gesture as <see cref="Synthetic.Pulses"/>, 1/16 of its size on the image.</summary>
    private static float[] Far(double bpm, double seconds) =>
        [.. Synthetic.Pulses(bpm, seconds, floor: 0.03 / 16, amplitude: 0.2 / 16).Select(e => e + 0.004f)];

    [Fact]
    public void Push_CloseFootage_LeavesEveryValueExactlyAsItWas()
    {
        var range = new MotionRange();
        foreach (var e in Synthetic.Pulses(120, 20).Concat(Synthetic.Still(3)).Concat(Synthetic.Pulses(90, 10, amplitude: 0.12)))
            Assert.Equal(e, range.Push(e));
        Assert.Equal(1, range.Gain);
    }

    [Fact]
    public void Push_FarFootage_RangesItsNinetiethPercentileToTheReference()
    {
        var range = new MotionRange();
        var all = Far(120, 20).Select(e => range.Push(e)).ToList();
        var ranged = all.Skip(10 * TimeGrid.RateHz).Order().ToList();
        var p90 = ranged[(int)(0.9 * ranged.Count)];
        Assert.InRange(p90, 0.7 * MotionRange.Reference, 1.4 * MotionRange.Reference);
        Assert.InRange(range.Gain, 6, MotionRange.MaxGain);
    }

    [Fact]
    public void Push_StillnessAfterFarMotion_StaysUnderTheStillnessThreshold()
    {
        var range = new MotionRange();
        foreach (var e in Far(120, 20)) range.Push(e);
        Assert.True(range.Gain > 4, $"gain {range.Gain}");
        foreach (var e in Synthetic.Still(5))
            Assert.True(range.Push(e) < StillnessWatch.QuietEnergy, $"{e} ranged to {range.Push(e)}");
    }

    [Fact]
    public void Push_NoiseUnderTheFloor_IsNeverScaled()
    {
        var range = new MotionRange();
        var rng = new SeededRandom(5);
        for (var i = 0; i < 60 * TimeGrid.RateHz; i++)
        {
            var e = MotionRange.Floor * rng.NextDouble();
            Assert.Equal(e, range.Push(e));
        }
        Assert.Equal(1, range.Gain);
    }

    [Fact]
    public async Task GenerateAsync_FarFootage_PlaysNearlyAsDenseAsCloseFootage()
    {
        static async Task<double> MeanLevel(float[] energy)
        {
            var outputs = await Run.CollectAsync(Synthetic.Settings("pop"), energy);
            return outputs.OfType<DynamicsEvent>().Where(d => d.PtsUs > 10_000_000).Average(d => d.Density);
        }
        var close = await MeanLevel(Synthetic.Pulses(120, 20));
        var far = await MeanLevel(Far(120, 20));
        Assert.InRange(far, 0.65 * close, 1.25 * close);
    }
}
