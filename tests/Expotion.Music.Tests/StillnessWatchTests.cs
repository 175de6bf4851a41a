using Expotion.Core;
using Expotion.Music.Core.Conductor;

namespace Expotion.Music.Tests;

/// <summary>Stops are seen on their first quiet tick that is not a dip of the gesture; a stroke after stillness is a return.</summary>
public sealed class StillnessWatchTests
{
    private static List<(int Tick, MotionChange Change)> Changes(float[] energy, double bpm = 120)
    {
        var watch = new StillnessWatch();
        var changes = new List<(int, MotionChange)>();
        for (var i = 0; i < energy.Length; i++)
        {
            var (change, _) = watch.Push(energy[i], double.NaN, TimeGrid.RateHz * 60 / bpm);
            if (change != MotionChange.None) changes.Add((i, change));
        }
        return changes;
    }

    [Theory]
    [InlineData(60.0)]
    [InlineData(90.0)]
    [InlineData(120.0)]
    [InlineData(140.0)]
    [InlineData(180.0)]
    public void Push_SwingWithQuietTurningPoints_NoStopAfterTheFirstSecond(double bpm)
    {
        var energy = Synthetic.Strikes(bpm, 20);
        var changes = Changes(energy, bpm);
        TestContext.Current.TestOutputHelper?.WriteLine($"{changes.Count} changes: {string.Join(", ", changes.Select(c => $"{c.Change}@{c.Tick}"))}");
        Assert.DoesNotContain(changes, c => c.Tick >= TimeGrid.RateHz);
    }

    [Fact]
    public void Push_SteadyMotionThenQuiet_StopsOnTheFirstQuietTick()
    {
        var energy = Synthetic.Pulses(120, 4).Concat(Synthetic.Still(1)).ToArray();
        var changes = Changes(energy);
        Assert.Equal([(4 * TimeGrid.RateHz, MotionChange.Stop)], changes);
    }

    [Theory]
    [InlineData(90.0)]
    [InlineData(120.0)]
    public void Push_SwingThenStill_StopsWithinThreeTicksOfTheLastMovingTick(double bpm)
    {
        var energy = Synthetic.Strikes(bpm, 10, t => t >= 6);
        var lastMoving = Array.FindLastIndex(energy, e => e >= StillnessWatch.QuietEnergy);
        var changes = Changes(energy, bpm).Where(c => c.Tick >= TimeGrid.RateHz).ToList();
        var stop = Assert.Single(changes);
        Assert.Equal(MotionChange.Stop, stop.Change);
        Assert.InRange(stop.Tick - lastMoving, 1, 3);
    }

    [Fact]
    public void Push_ShortPause_ResumesWithoutAReturn_LongPause_ReturnsOnTheStroke()
    {
        var energy = Synthetic.Pulses(120, 3)
            .Concat(Synthetic.Still(0.3)).Concat(Synthetic.Pulses(120, 2))        // a hesitation: resume on the grid
            .Concat(Synthetic.Still(0.8)).Concat([0.015f, 0.3f]).Concat(Synthetic.Pulses(120, 2))   // still, then a stroke
            .ToArray();
        var changes = Changes(energy);
        var pauseEnd = (int)(3.3 * TimeGrid.RateHz);
        var stroke = (int)(6.1 * TimeGrid.RateHz) + 1;
        Assert.Equal(
            [(3 * TimeGrid.RateHz, MotionChange.Stop), (pauseEnd, MotionChange.Resume), ((int)(5.3 * TimeGrid.RateHz), MotionChange.Stop), (stroke, MotionChange.Return)],
            changes);
    }

    [Fact]
    public void Push_ReturnThenItsPeakConfirmed_ReportsThePeakOnce()
    {
        var watch = new StillnessWatch();
        foreach (var e in Synthetic.Pulses(120, 2)) watch.Push(e, 1.5);
        foreach (var e in Synthetic.Still(1)) watch.Push(e, 1.5);
        Assert.True(watch.Still);
        Assert.Equal(MotionChange.Return, watch.Push(0.2, 1.5).Change);
        Assert.True(double.IsNaN(watch.Push(0.3, 1.5).StrokePeakSeconds));   // the old stroke is not the new one
        Assert.Equal(3.04, watch.Push(0.1, 3.04).StrokePeakSeconds);
        Assert.True(double.IsNaN(watch.Push(0.1, 3.04).StrokePeakSeconds));
    }
}
