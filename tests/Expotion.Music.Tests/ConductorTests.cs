using System.Diagnostics;
using Expotion.Core;
using Expotion.Eval;
using Expotion.Music.Core;
using Expotion.Music.Core.Conductor;

namespace Expotion.Music.Tests;

public sealed class ConductorTests
{
    private static ITestOutputHelper? Log => TestContext.Current.TestOutputHelper;

    [Fact]
    public async Task GenerateAsync_TenSecondStream_AudioCoversTheStreamRoundedUpToAChunk()
    {
        SynthFacts.RequireSynth();
        var settings = Synthetic.Settings("funky groove", chunkMs: 120);
        var energy = Synthetic.Pulses(120, seconds: 10.01); // 501 conditions: ends at 10.02 s

        var outputs = await Run.CollectAsync(settings, energy);

        var blocks = outputs.OfType<AudioBlock>().ToList();
        var endUs = energy.Length * TimeGrid.PeriodUs;
        var roundedUp = (endUs + 119_999) / 120_000 * 120_000;
        var audioUs = blocks.Sum(b => b.Frames) * 1_000_000L / settings.SampleRate;
        Assert.InRange(audioUs, roundedUp, roundedUp + 120_000);
        for (var k = 0; k < blocks.Count; k++)
        {
            Assert.Equal(k * 120_000L, blocks[k].PtsUs);
            Assert.Equal(settings.ChunkFrames, blocks[k].Frames);
            Assert.Equal(2, blocks[k].Channels);
        }
        var mono = AudioAnalysis.Mono(blocks);
        Assert.True(AudioAnalysis.Rms(mono) > 0.02, $"rms {AudioAnalysis.Rms(mono)}");
        Assert.True(AudioAnalysis.Peak(blocks) <= 1.0);
    }

    [Fact]
    public async Task GenerateAsync_MovingPerformer_AudioOnsetsFallOnTheReportedBeats()
    {
        SynthFacts.RequireSynth();
        var settings = Synthetic.Settings("pop", seed: 3);

        var outputs = await Run.CollectAsync(settings, Synthetic.Pulses(120, seconds: 10, phaseSeconds: 0.05));

        var onsets = AudioAnalyzer.Onsets(AudioAnalysis.Mono(outputs.OfType<AudioBlock>()), settings.SampleRate);
        var beats = outputs.OfType<BeatEvent>().Select(b => b.PtsUs / 1e6).Where(t => t is > 1 and < 9.5).ToList();
        var hits = BeatMetrics.Score(beats, onsets).Matched;
        Log?.WriteLine($"{hits}/{beats.Count} beats have an onset within 70 ms ({onsets.Count} onsets)");
        Assert.True(beats.Count >= 12);
        Assert.True(hits >= 0.6 * beats.Count, $"{hits}/{beats.Count}");
    }

    [Theory]
    [InlineData("pop", 5UL)]
    [InlineData("sad cinematic", 6UL)]
    [InlineData("jazz", 7UL)]
    public async Task GenerateAsync_Harmony_AudioPitchesFollowTheReportedChords(string prompt, ulong seed)
    {
        SynthFacts.RequireSynth();
        var settings = Synthetic.Settings(prompt, seed);
        var outputs = await Run.CollectAsync(settings, Synthetic.Pulses(110, 16));

        var mono = AudioAnalysis.Mono(outputs.OfType<AudioBlock>());
        var chords = outputs.OfType<ChordEvent>().ToList();
        var fractions = new List<double>();
        for (var i = 0; i + 1 < chords.Count; i++)
        {
            var chroma = AudioAnalysis.Chroma(mono, settings.SampleRate, chords[i].PtsUs / 1e6 + 0.1, chords[i + 1].PtsUs / 1e6);
            var inChord = chords[i].Notes.Select(n => n % 12).Distinct().Sum(pc => chroma[pc]);
            fractions.Add(inChord / chroma.Sum());
        }
        Log?.WriteLine($"{prompt}: share of pitch energy on chord tones per chord: {string.Join(" ", fractions.Select(f => $"{f:0.00}"))}");
        Assert.True(fractions.Count >= 4);
        Assert.True(fractions.Average() > 0.55, $"average {fractions.Average():0.00}");
    }

    [Fact]
    public async Task GenerateAsync_StillPerformer_QuieterAndSparserThanMoving()
    {
        SynthFacts.RequireSynth();
        var settings = Synthetic.Settings("pop", seed: 9);

        var still = await Run.CollectAsync(settings, Synthetic.Still(10));
        var moving = await Run.CollectAsync(settings, Synthetic.Pulses(110, 10));

        var stillAudio = AudioAnalysis.Mono(still.OfType<AudioBlock>());
        var movingAudio = AudioAnalysis.Mono(moving.OfType<AudioBlock>());
        // One bar for both: the moving take's own onset floor.
        var floor = AudioAnalyzer.OnsetFloor(movingAudio, settings.SampleRate);
        var stillOnsets = AudioAnalyzer.Onsets(stillAudio, settings.SampleRate, floor).Count;
        var movingOnsets = AudioAnalyzer.Onsets(movingAudio, settings.SampleRate, floor).Count;
        Log?.WriteLine($"rms still {AudioAnalysis.Rms(stillAudio):0.000} moving {AudioAnalysis.Rms(movingAudio):0.000}; onsets {stillOnsets} vs {movingOnsets}");
        Assert.True(AudioAnalysis.Rms(stillAudio) > 0.003, "still is quiet, not silent");
        Assert.True(AudioAnalysis.Rms(stillAudio) < 0.6 * AudioAnalysis.Rms(movingAudio));
        Assert.True(stillOnsets * 2 < movingOnsets, $"onsets {stillOnsets} vs {movingOnsets}");
        Assert.All(still.OfType<DynamicsEvent>(), d => Assert.True(d.Density < Dynamics.StillLevel));
    }

    [Fact]
    public async Task GenerateAsync_SameSeed_BitIdentical_DifferentSeed_Differs()
    {
        SynthFacts.RequireSynth();
        var energy = Synthetic.Pulses(100, 6);

        var a = await Run.CollectAsync(Synthetic.Settings("jazz", seed: 1), energy);
        var b = await Run.CollectAsync(Synthetic.Settings("jazz", seed: 1), energy);
        var c = await Run.CollectAsync(Synthetic.Settings("jazz", seed: 2), energy);

        var sa = a.OfType<AudioBlock>().SelectMany(x => x.Samples).ToArray();
        Assert.Equal(sa, b.OfType<AudioBlock>().SelectMany(x => x.Samples).ToArray());
        Assert.Equal(a.Where(o => o is not AudioBlock).Select(o => o.ToString()), b.Where(o => o is not AudioBlock).Select(o => o.ToString()));
        Assert.NotEqual(sa, c.OfType<AudioBlock>().SelectMany(x => x.Samples).ToArray());
    }

    [Fact]
    public async Task GenerateAsync_Events_PrecedeTheirBlockInTimeOrder()
    {
        SynthFacts.RequireSynth();
        var outputs = await Run.CollectAsync(Synthetic.Settings("rock", chunkMs: 50), Synthetic.Pulses(130, 6));

        var style = Assert.IsType<StyleEvent>(outputs[0]);
        Assert.Equal("rock", style.Name);
        Assert.IsType<TempoEvent>(outputs[1]);
        var lastPts = -1L;
        for (var i = 0; i < outputs.Count; i++)
        {
            if (outputs[i] is AudioBlock) continue;
            Assert.True(outputs[i].PtsUs >= lastPts, $"event {i} goes back in time");
            lastPts = outputs[i].PtsUs;
            var block = outputs.Skip(i).OfType<AudioBlock>().FirstOrDefault();
            Assert.NotNull(block);
            Assert.InRange(outputs[i].PtsUs, block.PtsUs, block.PtsUs + 50_000 - 1);
        }
        Assert.Contains(outputs, o => o is ChordEvent);
        Assert.True(outputs.OfType<DynamicsEvent>().Count() >= 6 * 4);
        var beats = outputs.OfType<BeatEvent>().ToList();
        Assert.Equal(Enumerable.Range(0, beats.Count).Select(i => (long)i), beats.Select(b => b.Index));
        Assert.All(beats, b => Assert.Equal(b.Index % 4, b.BeatInBar));
    }

    [Fact]
    public async Task GenerateAsync_PeriodicMotion_ReportsAMotionTempo()
    {
        SynthFacts.RequireSynth();
        var outputs = await Run.CollectAsync(Synthetic.Settings("electronic"), Synthetic.Pulses(126, 10));

        var tempos = outputs.OfType<TempoEvent>().ToList();
        Assert.Equal("default", tempos[0].Source);
        var motion = tempos.Last();
        Assert.Equal("motion", motion.Source);
        Assert.InRange(motion.Bpm, 126 * 0.96, 126 * 1.04);
        var late = outputs.OfType<BeatEvent>().Where(b => b.PtsUs > 6_000_000).Select(b => b.PtsUs / 1e6).ToList();
        var intervals = late.Zip(late.Skip(1), (x, y) => y - x).ToList();
        Assert.InRange(intervals.Average(), 60 / 126.0 * 0.96, 60 / 126.0 * 1.04);
    }

    [Theory]
    [InlineData(100)]
    [InlineData(30)]
    [InlineData(10)]
    public async Task GenerateAsync_BlocksLeaveAsSoonAsTheirConditionsArrive(int chunkMs)
    {
        SynthFacts.RequireSynth();
        var consumed = 0;
        async IAsyncEnumerable<Condition> Counting()
        {
            foreach (var e in Synthetic.Pulses(120, 3))
            {
                consumed++;
                yield return Synthetic.At(consumed - 1, e);
            }
            await Task.CompletedTask;
        }

        var k = 0;
        var chunkUs = chunkMs * 1000L;
        await foreach (var o in Run.Conductor.GenerateAsync(Synthetic.Settings(chunkMs: chunkMs), Counting(), new StreamStats(),
                           TestContext.Current.CancellationToken))
        {
            if (o is not AudioBlock block) continue;
            Assert.Equal(k * chunkUs, block.PtsUs);
            // Block k covers [k·chunk, (k+1)·chunk): it needs the condition at or after its end minus 20 ms, no more.
            var needed = ((k + 1) * chunkUs + TimeGrid.PeriodUs - 1) / TimeGrid.PeriodUs;
            if (needed <= 150) Assert.Equal(needed, consumed);
            k++;
        }
    }

    [Fact]
    public async Task GenerateAsync_MotionPeaksOffTheGrid_BeatsLockOntoThem()
    {
        SynthFacts.RequireSynth();
        // Peaks at 0.23 s + k·0.5 s: the first beat is at 0, so the grid has to move by 0.23 s (or -0.27 s).
        var outputs = await Run.CollectAsync(Synthetic.Settings("pop at 120 bpm"), Synthetic.Pulses(120, 16, phaseSeconds: 0.23));

        var late = outputs.OfType<BeatEvent>().Select(b => b.PtsUs / 1e6).Where(t => t > 10).ToList();
        var errors = late.Select(t => Math.IEEERemainder(t - 0.23, 0.5)).ToList();
        Log?.WriteLine($"beat-to-peak error after 10 s: {string.Join(", ", errors.Select(e => $"{e * 1000:0}"))} ms");
        Assert.All(errors, e => Assert.InRange(e, -0.06, 0.06));
    }

    [Fact]
    public async Task GenerateAsync_ConcurrentStreams_MatchASoloRun()
    {
        SynthFacts.RequireSynth();
        var energy = Synthetic.Pulses(100, 5);
        var solo = await Run.CollectAsync(Synthetic.Settings("lofi", seed: 4), energy);

        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => Run.CollectAsync(Synthetic.Settings("lofi", seed: 4), energy))));

        var expected = solo.OfType<AudioBlock>().SelectMany(b => b.Samples).ToArray();
        Assert.All(runs, r => Assert.Equal(expected, r.OfType<AudioBlock>().SelectMany(b => b.Samples).ToArray()));
    }

    [Fact]
    public async Task GenerateAsync_FirstConditionLate_AudioStillStartsAtZero()
    {
        SynthFacts.RequireSynth();
        var outputs = await Run.CollectAsync(Synthetic.Settings(), Synthetic.Stream(Synthetic.Pulses(120, 2), firstIndex: 50, TestContext.Current.CancellationToken));

        var blocks = outputs.OfType<AudioBlock>().ToList();
        Assert.Equal(0, blocks[0].PtsUs);
        Assert.Equal(30 + 1, blocks.Count); // 3 s rounded up to 100 ms, plus the release block
    }

    [Fact]
    public async Task GenerateAsync_NoMotionEnergyInLayout_PlaysFromThePrompt()
    {
        SynthFacts.RequireSynth();
        var layout = new ConditionLayout("face.v1", 2, ["a", "b"], MotionEnergyIndex: -1);
        var conditions = Enumerable.Range(0, 150).Select(i => new Condition(i, i * TimeGrid.PeriodUs, [0.5f, 0.5f]));

        var outputs = await Run.CollectAsync(Synthetic.Settings("ambient", channels: 1, layout: layout), Synthetic.Of(conditions));

        var blocks = outputs.OfType<AudioBlock>().ToList();
        Assert.All(blocks, b => Assert.Equal(1, b.Channels));
        Assert.True(AudioAnalysis.Rms(AudioAnalysis.Mono(blocks)) > 0.002);
    }

    [Fact]
    public async Task GenerateAsync_NegativeValence_TurnsTheKeyMinorAtThePhrase()
    {
        SynthFacts.RequireSynth();
        var layout = new ConditionLayout("vision.face.v1", 3, ["motion_energy", "valence", "arousal"], MotionEnergyIndex: 0);
        var energy = Synthetic.Pulses(150, 14);
        var conditions = energy.Select((e, i) => new Condition(i, i * TimeGrid.PeriodUs, [e, -0.8f, 0.2f]));

        var outputs = await Run.CollectAsync(Synthetic.Settings("pop at 150 bpm", layout: layout), Synthetic.Of(conditions));

        var styles = outputs.OfType<StyleEvent>().ToList();
        Assert.EndsWith("major", styles[0].Key);
        Assert.Contains(styles, s => s.Key.EndsWith("minor", StringComparison.Ordinal) && s.Reason.Contains("valence"));
    }

    [Fact]
    public async Task GenerateAsync_VisionFaceSlotsWithNegativeValence_TurnsMinorOnlyWhileTheFaceIsSeen()
    {
        SynthFacts.RequireSynth();
        // The vision stage's names (expotion.motion+face+pose.v1): face.valence counts only while face.present is set.
        var layout = new ConditionLayout("vision.face.v2", 4, ["motion_energy", "face.present", "face.valence", "face.arousal"], MotionEnergyIndex: 0);
        var energy = Synthetic.Pulses(150, 14);
        Condition At(int i, float e, float present) => new(i, i * TimeGrid.PeriodUs, [e, present, present > 0 ? -0.8f : 0f, 0.2f * present]);

        var seen = await Run.CollectAsync(Synthetic.Settings("pop at 150 bpm", layout: layout), Synthetic.Of(energy.Select((e, i) => At(i, e, 1))));
        var unseen = await Run.CollectAsync(Synthetic.Settings("pop at 150 bpm", layout: layout), Synthetic.Of(energy.Select((e, i) => At(i, e, 0))));

        Assert.Contains(seen.OfType<StyleEvent>(), s => s.Key.EndsWith("minor", StringComparison.Ordinal) && s.Reason.Contains("valence"));
        Assert.All(unseen.OfType<StyleEvent>(), s => Assert.EndsWith("major", s.Key));
    }

    [Fact]
    public async Task GenerateAsync_EmptyInput_YieldsNothing()
    {
        var outputs = await Run.CollectAsync(Synthetic.Settings(), Synthetic.Of([]));

        Assert.Empty(outputs);
    }

    [Fact]
    public async Task GenerateAsync_IndexGap_ThrowsInvalidInput()
    {
        SynthFacts.RequireSynth();
        Condition[] conditions = [Synthetic.At(0, 0.1f), Synthetic.At(1, 0.1f), Synthetic.At(3, 0.1f)];

        var e = await Assert.ThrowsAsync<InvalidInputException>(() => Run.CollectAsync(Synthetic.Settings(), Synthetic.Of(conditions)));
        Assert.Equal("condition.index", e.Field);
    }

    [Fact]
    public async Task GenerateAsync_IndexGoesBack_ThrowsInvalidInput()
    {
        SynthFacts.RequireSynth();
        Condition[] conditions = [Synthetic.At(0, 0.1f), Synthetic.At(1, 0.1f), Synthetic.At(1, 0.1f)];

        var e = await Assert.ThrowsAsync<InvalidInputException>(() => Run.CollectAsync(Synthetic.Settings(), Synthetic.Of(conditions)));
        Assert.Equal("condition.index", e.Field);
    }

    [Fact]
    public async Task GenerateAsync_WrongVectorLength_ThrowsInvalidInput()
    {
        SynthFacts.RequireSynth();
        Condition[] conditions = [Synthetic.At(0, 0.1f), new(1, TimeGrid.PeriodUs, [0.1f, 0.2f])];

        var e = await Assert.ThrowsAsync<InvalidInputException>(() => Run.CollectAsync(Synthetic.Settings(), Synthetic.Of(conditions)));
        Assert.Equal("condition.values", e.Field);
    }

    [Fact]
    public async Task GenerateAsync_TimestampOffTheGrid_ThrowsInvalidInput()
    {
        SynthFacts.RequireSynth();
        Condition[] conditions = [Synthetic.At(0, 0.1f), new(1, 25_000, new float[6])];

        var e = await Assert.ThrowsAsync<InvalidInputException>(() => Run.CollectAsync(Synthetic.Settings(), Synthetic.Of(conditions)));
        Assert.Equal("condition.pts_us", e.Field);
    }

    [Fact]
    public async Task GenerateAsync_FirstConditionHoursIn_ThrowsLimitExceeded()
    {
        SynthFacts.RequireSynth();
        Condition[] conditions = [Synthetic.At(50L * 3600 * 5, 0.1f)];

        await Assert.ThrowsAsync<LimitExceededException>(() => Run.CollectAsync(Synthetic.Settings(), Synthetic.Of(conditions)));
    }

    [Theory]
    [InlineData(1000, 2, 100, "sample_rate")]
    [InlineData(32000, 3, 100, "channels")]
    [InlineData(32000, 2, 5, "chunk_ms")]
    public async Task GenerateAsync_InvalidSettings_ThrowsInvalidInput(int rate, int channels, int chunkMs, string field)
    {
        var settings = Synthetic.Settings(sampleRate: rate, channels: channels, chunkMs: chunkMs);

        var e = await Assert.ThrowsAsync<InvalidInputException>(() => Run.CollectAsync(settings, Synthetic.Pulses(120, 1)));
        Assert.Equal(field, e.Field);
    }

    [Fact]
    public async Task GenerateAsync_ThirtySeconds_RendersMuchFasterThanRealTime()
    {
        SynthFacts.RequireSynth();
        var energy = Synthetic.Pulses(128, 30, amplitude: 0.35);
        await Run.CollectAsync(Synthetic.Settings("electronic"), Synthetic.Pulses(128, 1)); // warm up

        var clock = Stopwatch.StartNew();
        var stats = new StreamStats();
        var blocks = 0;
        await foreach (var o in Run.Conductor.GenerateAsync(Synthetic.Settings("electronic"), Synthetic.Stream(energy, cancellationToken: TestContext.Current.CancellationToken), stats,
                           TestContext.Current.CancellationToken))
            blocks += o is AudioBlock ? 1 : 0;
        var speed = 30 / clock.Elapsed.TotalSeconds;

        Log?.WriteLine($"30 s rendered in {clock.Elapsed.TotalMilliseconds:0} ms: {speed:0.0}x real time, " +
                       $"SoundFont {Path.GetFileName(Run.Conductor.LoadSoundFont().Path)}");
        Assert.Equal(energy.Length, stats.In);
        Assert.Equal(blocks, stats.Out);
        Assert.True(speed > 5, $"{speed:0.0}x real time");
    }
}
