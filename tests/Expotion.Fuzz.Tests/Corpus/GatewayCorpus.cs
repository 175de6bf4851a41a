using Expotion.V1;
using Google.Protobuf;

namespace Expotion.Fuzz.Tests.Corpus;

/// <summary>Hostile Pipeline.Perform streams: nested hostile stage configs, hostile frames, prompt updates out of place and oversized.</summary>
public sealed class GatewayCorpus(int seed, int maxMessageBytes) : ServiceCorpus<PerformRequest>(seed, maxMessageBytes)
{
    private const int W = 32, H = 24;

    protected override PerformRequest ValidConfig() => new()
    {
        Config = new PerformConfig
        {
            Vision = new ExtractConfig { AnalysisWidth = 32, GridCols = 2, GridRows = 2 },
            Smoothing = new AlignConfig { Mode = SmoothingMode.Causal },
            Music = new GenerateConfig { Prompt = "calm piano", Seed = 7 },
            IncludeFeatures = R.Next(2) == 0,
        },
    };

    protected override PerformRequest HostileConfig() => new()
    {
        Config = new PerformConfig
        {
            Vision = R.Next(3) == 0 ? null : new ExtractConfig { AnalysisWidth = Pick(HostileInts), GridCols = Pick(HostileInts), OrientationBins = Pick(HostileInts) },
            Smoothing = new AlignConfig { Mode = (SmoothingMode)R.Next(-1, 6), SmoothingMs = Pick(HostileDoubles), LookaheadMs = Pick(HostileDoubles), TargetFrames = Pick(HostileInts) },
            Music = new GenerateConfig
            {
                Prompt = Pick("", new string('y', 2001), "calm"), SampleRate = Pick(HostileInts), Channels = Pick(-1, 0, 3),
                ChunkMs = Pick(HostileInts), Backend = Pick("", "nope"), Encoding = (AudioEncoding)R.Next(-1, 5),
                Schema = new FeatureSchema { Dims = Pick(HostileInts) },   // the gateway must overwrite it, whatever it is
            },
        },
    };

    protected override PerformRequest ValidItem(int index) => new()
    {
        Frame = new V1.VideoFrame { PtsUs = index * 33_333L, Width = W, Height = H, Format = PixelFormat.Gray8, Data = ByteString.CopyFrom(RandomBytes(W * H)) },
    };

    protected override PerformRequest HostileItem(int index) => new()
    {
        Frame = new V1.VideoFrame
        {
            PtsUs = R.Next(2) == 0 ? Pick(HostileTimes) : index * 33_333L,
            Width = R.Next(2) == 0 ? Pick(HostileInts) : W, Height = R.Next(2) == 0 ? Pick(HostileInts) : H,
            Format = (PixelFormat)R.Next(-1, 7), Data = ByteString.CopyFrom(RandomBytes(R.Next(0, 2048))),
        },
    };

    protected override PerformRequest End() => new() { End = new End() };

    protected override PerformRequest? Extra() => new() { Update = new PerformUpdate { Prompt = Pick("", "dark techno", new string('z', 3000)) } };
}
