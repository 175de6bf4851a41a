using Expotion.Music.Core;
using Expotion.Music.MusicGen.Synthetic;

namespace Expotion.Music.MusicGen.Tests;

/// <summary>The backend end to end on the tiny graphs: streamed pieces, blocks, channels.</summary>
public sealed class StreamingTests(TinyModels models) : IClassFixture<TinyModels>
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Generate_StreamedPieces_ConcatenateToOneLongDecode(bool adaptor)
    {
        // With the adaptor, a look-ahead past the stream's end makes the streamed run see every condition, as the
        // one-shot run below does; without it, conditions do not reach the graph at all.
        var dir = adaptor ? models.Adaptor : models.Plain;
        var model = adaptor ? models.AdaptorModel : models.PlainModel;
        var options = TinyModels.Options(dir, streamFrames: 10);
        options.ConditionLookaheadFrames = adaptor ? 100 : 0;
        using var backend = new MusicGenBackend(options);
        var settings = Streams.Settings(chunkMs: 30);
        var blocks = await Streams.CollectAsync(backend, settings, frames: 57);
        var streamed = blocks.SelectMany(b => b.Samples).ToArray();

        var frames = Streams.Generate(model, options, 57);
        var whole = new CodecDecoder(model).Decode(frames, 0, frames.Count, TestContext.Current.CancellationToken);
        Assert.Equal(57 * MusicGenModel.SamplesPerFrame, whole.Length);
        Assert.Equal(whole.Length, streamed.Length);
        var worst = whole.Zip(streamed).Max(p => Math.Abs(p.First - p.Second));
        Assert.True(worst < 1e-5f, $"largest difference {worst}");
        Assert.True(whole.Max(MathF.Abs) > 0.05f, "the synthetic codec should make sound");
    }

    [Fact]
    public async Task Generate_Blocks_AreChunkSizedContiguousAndStereo()
    {
        using var backend = new MusicGenBackend(TinyModels.Options(models.Plain, streamFrames: 16));
        var settings = Streams.Settings(channels: 2, chunkMs: 100);
        var blocks = await Streams.CollectAsync(backend, settings, frames: 33);
        var frames = blocks.Sum(b => b.Frames);
        Assert.Equal(33 * MusicGenModel.SamplesPerFrame, frames);
        Assert.All(blocks.SkipLast(1), b => Assert.Equal(settings.ChunkFrames, b.Frames));
        long expected = 0, framesSoFar = 0;
        foreach (var b in blocks)
        {
            Assert.Equal(expected, b.PtsUs);
            Assert.Equal(2, b.Channels);
            for (var i = 0; i < b.Frames; i++) Assert.Equal(b.Samples[2 * i], b.Samples[2 * i + 1]);
            framesSoFar += b.Frames;
            expected = framesSoFar * 1_000_000 / MusicGenModel.SampleRate;
        }
    }

    [Fact]
    public async Task Generate_NoConditions_NoAudio()
    {
        using var backend = new MusicGenBackend(TinyModels.Options(models.Plain));
        Assert.Empty(await Streams.CollectAsync(backend, Streams.Settings(), frames: 0));
    }

    [Fact]
    public void CodecDecode_InPieces_EqualsWhole()
    {
        var frames = Streams.Generate(models.PlainModel, TinyModels.Options(models.Plain), 12);
        var codec = new CodecDecoder(models.PlainModel);
        var ct = TestContext.Current.CancellationToken;
        var whole = codec.Decode(frames, 0, 12, ct);
        var pieces = codec.Decode(frames, 0, 5, ct).Concat(codec.Decode(frames, 5, 7, ct)).ToArray();
        Assert.Equal(whole, pieces);
    }

    [Fact]
    public async Task Generate_CodecWithMemory_ContextFramesMakePiecesMatchTheWhole()
    {
        // A codec whose frame f hears frame f − 1: pieces decoded with two context frames (the crossfade lies in the
        // second, whose predecessor was decoded too) match one decode of everything; without context they do not.
        var dir = SyntheticModel.Write(models.Scratch("memory"), SyntheticModelSpec.Tiny() with { CodecMemory = true });
        using var model = MusicGenModel.Load(TinyModels.Options(dir));
        var frames = Streams.Generate(model, TinyModels.Options(dir), 37);
        var whole = new CodecDecoder(model).Decode(frames, 0, frames.Count, TestContext.Current.CancellationToken);

        var withContext = TinyModels.Options(dir, streamFrames: 8);
        withContext.ContextFrames = 2;
        var streamed = await StreamAsync(withContext);
        Assert.True(whole.Zip(streamed).Max(p => Math.Abs(p.First - p.Second)) < 1e-5f);

        var noContext = TinyModels.Options(dir, streamFrames: 8);
        noContext.ContextFrames = 0;
        noContext.CrossfadeMs = 0;
        var cut = await StreamAsync(noContext);
        Assert.Equal(whole.Length, cut.Length);
        var spf = MusicGenModel.SamplesPerFrame;
        for (var f = 0; f < 37; f++)
        {
            var differs = Enumerable.Range(f * spf, spf).Any(i => Math.Abs(whole[i] - cut[i]) > 1e-4f);
            Assert.Equal(f > 0 && f % 8 == 0, differs);   // only each piece's first frame lost its predecessor
        }
    }

    [Fact]
    public async Task Generate_Cancelled_StopsWithOperationCanceled()
    {
        using var backend = new MusicGenBackend(TinyModels.Options(models.Plain, streamFrames: 5));
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var blocks = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in backend.GenerateAsync(Streams.Settings(), Streams.Frames(400, cancellationToken: cts.Token), new StreamStats(), cts.Token))
                if (++blocks == 2) await cts.CancelAsync();
        });
        Assert.Equal(2, blocks);
    }

    private static async Task<float[]> StreamAsync(MusicGenOptions options)
    {
        using var backend = new MusicGenBackend(options);
        var blocks = await Streams.CollectAsync(backend, Streams.Settings(chunkMs: 20), frames: 37);
        return blocks.SelectMany(b => b.Samples).ToArray();
    }
}
