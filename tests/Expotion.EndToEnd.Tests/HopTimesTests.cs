using Expotion.Client.Media;
using Expotion.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace Expotion.EndToEnd.Tests;

/// <summary>
/// The latency budget's stamps (HopTimes, issue 14): a client that stamps its frames gets, on every audio chunk, the
/// stamps of the newest frame behind it with each hop added in path order; one that stamps nothing gets none.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class HopTimesTests(PipelineFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Perform_StampedFrames_EveryAudioChunkCarriesEachHopInOrder()
    {
        var audio = await PerformAsync(stamp: true);
        var stamped = audio.Where(a => a.Timing is not null).ToList();
        // Every chunk but those flushed by the end message comes from a stamped frame.
        Assert.True(stamped.Count >= audio.Count - 3, $"{stamped.Count} of {audio.Count} chunks stamped");
        foreach (var t in stamped.Select(a => a.Timing))
        {
            long[] path = [t.CaptureUs, t.SendUs, t.GatewayInUs, t.VisionInUs, t.VisionOutUs, t.SmoothingOutUs, t.MusicOutUs, t.GatewayOutUs];
            Assert.All(path, s => Assert.True(s > 0, $"a hop was not stamped: {t}"));
            for (var i = 1; i < path.Length; i++) Assert.True(path[i] >= path[i - 1], $"hop {i} before hop {i - 1}: {t}");
        }
        // The source frame of a chunk is at most a chunk and a frame behind the chunk's end, and never after it.
        foreach (var a in stamped)
        {
            var endUs = a.PtsUs + a.Frames * 1_000_000L / a.SampleRate;
            Assert.InRange(a.Timing.SourcePtsUs, a.PtsUs - 200_000, endUs + 70_000);
        }
    }

    [Fact]
    public async Task Perform_UnstampedFrames_NoStampsComeBack()
    {
        var audio = await PerformAsync(stamp: false);
        Assert.NotEmpty(audio);
        Assert.All(audio, a => Assert.Null(a.Timing));
    }

    [Fact]
    public void Ledger_AtOrAfter_GivesTheReleasingInputAndKeepsTheNewest()
    {
        var ledger = new HopLedger();
        foreach (var pts in new long[] { 0, 33_333, 66_667 }) ledger.Add(pts, new HopTimes { SourcePtsUs = pts });
        ledger.Add(100_000, null);   // unstamped inputs are not kept
        Assert.Equal(0, ledger.AtOrAfter(0, t => t.SmoothingOutUs = 1)!.SourcePtsUs);
        var second = ledger.AtOrAfter(20_000, t => t.SmoothingOutUs = 2)!;
        Assert.Equal((33_333, 2), (second.SourcePtsUs, second.SmoothingOutUs));
        Assert.Equal(66_667, ledger.AtOrAfter(60_000, _ => { })!.SourcePtsUs);
        Assert.Equal(66_667, ledger.AtOrAfter(80_000, _ => { })!.SourcePtsUs);   // nothing that late yet: the newest
        Assert.Equal(66_667, ledger.NewestBefore(100_000, _ => { })!.SourcePtsUs);
        Assert.Null(ledger.NewestBefore(200_000, _ => { }));
    }

    [Fact]
    public void Ledger_WithATimer_KeepsUnstampedInputsAndTimesEachLookupFromItsArrival()
    {
        var times = new List<TimeSpan>();
        var ledger = new HopLedger(times.Add);
        ledger.Add(0, null);
        ledger.Add(33_333, new HopTimes { SourcePtsUs = 33_333 });
        Thread.Sleep(20);
        Assert.Null(ledger.AtOrAfter(0, t => t.SmoothingOutUs = 1));   // unstamped: timed, but no stamps to pass on
        Assert.Equal(33_333, ledger.NewestBefore(40_000, _ => { })!.SourcePtsUs);
        Assert.Null(ledger.NewestBefore(80_000, _ => { }));              // nothing left: nothing timed
        Assert.Equal(2, times.Count);
        Assert.All(times, t => Assert.True(t >= TimeSpan.FromMilliseconds(15), $"{t.TotalMilliseconds} ms since arrival"));
    }

    private async Task<List<AudioChunk>> PerformAsync(bool stamp)
    {
        using var channel = GrpcChannel.ForAddress(fixture.Gateway);
        using var call = new Pipeline.PipelineClient(channel).Perform(cancellationToken: Ct);
        await call.RequestStream.WriteAsync(new PerformRequest
        {
            Config = new PerformConfig { Smoothing = new AlignConfig { Mode = SmoothingMode.Causal }, Music = new GenerateConfig { Prompt = "funk with drums", ChunkMs = 100 } },
        }, Ct);
        var audio = new List<AudioChunk>();
        var reader = Task.Run(async () =>
        {
            await foreach (var r in call.ResponseStream.ReadAllAsync(Ct))
                if (r.KindCase == PerformResponse.KindOneofCase.Audio) audio.Add(r.Audio);
        }, Ct);
        var info = await VideoFileSource.ProbeAsync(fixture.SampleVideo, Ct);
        await foreach (var frame in VideoFileSource.ReadAsync(info, 15, 160, Ct))
        {
            if (frame.PtsUs > 3_000_000) break;
            if (stamp) frame.Timing = new HopTimes { SourcePtsUs = frame.PtsUs, CaptureUs = HopLedger.NowUs(), SendUs = HopLedger.NowUs() };
            await call.RequestStream.WriteAsync(new PerformRequest { Frame = frame }, Ct);
        }
        await call.RequestStream.WriteAsync(new PerformRequest { End = new End() }, Ct);
        await call.RequestStream.CompleteAsync();
        await reader;
        return audio;
    }
}
