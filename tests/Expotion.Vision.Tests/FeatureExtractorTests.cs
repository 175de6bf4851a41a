using Expotion.Kernels.Flow;
using Expotion.Kernels.Tests.Flow;
using Expotion.Vision.Core;

namespace Expotion.Vision.Tests;

public sealed class FeatureExtractorTests
{
    private static readonly VisionSettings Settings = new();
    private static readonly FeatureExtractor Extractor = new(CpuOpticalFlow.Instance);
    private static readonly int Energy = MotionFeatureLayout.Create(Settings).MotionEnergyIndex;

    private static async IAsyncEnumerable<VideoFrame> Stream(IEnumerable<VideoFrame> frames)
    {
        foreach (var frame in frames)
        {
            await Task.Yield();
            yield return frame;
        }
    }

    private static async Task<List<FeatureVector>> RunAsync(IEnumerable<VideoFrame> frames, StreamStats? stats = null, VisionSettings? settings = null)
    {
        var list = new List<FeatureVector>();
        await foreach (var v in Extractor.ExtractAsync(settings ?? Settings, Stream(frames), stats ?? new StreamStats(), TestContext.Current.CancellationToken))
            list.Add(v);
        return list;
    }

    /// <summary>A scene panning by <paramref name="pxPerFrame"/> analysis pixels per frame, rendered at width x height.</summary>
    private static IEnumerable<VideoFrame> Pan(int frames, double pxPerFrame, double fps, int width = 160, int height = 120)
    {
        var scene = new SyntheticScene(seed: 21);
        var pixelScale = 160.0 / width;   // scene units per source pixel: the scene spans 160 units at any resolution
        for (var i = 0; i < frames; i++)
        {
            var img = new GrayImage(width, height);
            for (var y = 0; y < height; y++)
                for (var x = 0; x < width; x++)
                    img[x, y] = (float)scene.Sample((x + 0.5) * pixelScale - 0.5 - i * pxPerFrame, (y + 0.5) * pixelScale - 0.5);
            yield return SceneFrames.ToRgbFrame(img, (long)Math.Round(i * 1e6 / fps));
        }
    }

    private static Task<InvalidInputException> FailsAsync(IEnumerable<VideoFrame> frames) =>
        Assert.ThrowsAsync<InvalidInputException>(() => RunAsync(frames));

    [Fact]
    public async Task Extract_OneVectorPerFrame_SameTimestampsFirstZero()
    {
        var stats = new StreamStats();
        var frames = Pan(5, 2, 25).ToList();
        var vectors = await RunAsync(frames, stats);

        Assert.Equal(frames.Select(f => f.PtsUs), vectors.Select(v => v.PtsUs));
        Assert.All(vectors, v => Assert.Equal(Extractor.Layout(Settings).Dims, v.Values.Length));
        Assert.All(vectors[0].Values, v => Assert.Equal(0f, v));
        Assert.All(vectors.Skip(1), v => Assert.True(v.Values[Energy] > 0));
        Assert.Equal((5, 5, 160000L), (stats.In, stats.Out, stats.LastPtsUs));
    }

    [Fact]
    public async Task Extract_Pan_GivesSpeedInImageWidthsPerSecond()
    {
        var v = (await RunAsync(Pan(3, 1.7, 25)))[2].Values;
        const double expected = 1.7 / 160 * 25;   // 1.7 px per frame, 160 px wide, 25 fps
        TestContext.Current.TestOutputHelper?.WriteLine($"pan 1.7 px/frame @25 fps: energy {v[Energy]:F4}, mean_dx {v[Energy + 1]:F4}, mean_dy {v[Energy + 2]:F4} (expected {expected:F4} widths/s)");
        Assert.Equal(expected, v[Energy], expected * 0.05);
        Assert.Equal(expected, v[Energy + 1], expected * 0.05);
        Assert.Equal(0, v[Energy + 2], expected * 0.05);
        // every cell moves rightwards: its orientation mass sits in bin 0
        Assert.All(Enumerable.Range(0, 16), c => Assert.True(v[c * 11 + 3] > 0.9 * v[c * 11 + 2]));
    }

    [Fact]
    public async Task Extract_SameShiftAtTwiceTheFps_DoublesEnergy()
    {
        var at25 = (await RunAsync(Pan(2, 1.7, 25)))[1].Values[Energy];
        var at50 = (await RunAsync(Pan(2, 1.7, 50)))[1].Values[Energy];
        TestContext.Current.TestOutputHelper?.WriteLine($"1.7 px/frame: energy {at25:F4} @25 fps, {at50:F4} @50 fps, ratio {at50 / at25:F4}");
        Assert.Equal(2.0, at50 / at25, 1e-3);
    }

    [Fact]
    public async Task Extract_SameSpeedAtOtherFps_GivesSameEnergy()
    {
        var at25 = (await RunAsync(Pan(2, 1.7, 25)))[1].Values[Energy];
        var at50 = (await RunAsync(Pan(2, 0.85, 50)))[1].Values[Energy];
        TestContext.Current.TestOutputHelper?.WriteLine($"42.5 px/s: energy {at25:F4} @25 fps (1.7 px/frame), {at50:F4} @50 fps (0.85 px/frame)");
        Assert.Equal(1.0, at50 / at25, 0.05);
    }

    [Fact]
    public async Task Extract_SameMotionAtTwiceTheResolution_GivesSameEnergy()
    {
        var small = (await RunAsync(Pan(2, 1.7, 25, 160, 120)))[1].Values[Energy];
        var large = (await RunAsync(Pan(2, 1.7, 25, 640, 480)))[1].Values[Energy];
        TestContext.Current.TestOutputHelper?.WriteLine($"same pan: energy {small:F4} from 160x120, {large:F4} from 640x480");
        Assert.Equal(1.0, large / small, 0.05);
    }

    [Fact]
    public async Task Extract_JpegFrames_MatchRawFrames()
    {
        var raw = Pan(3, 1.7, 30, 320, 240).ToList();
        var jpeg = raw.Select(f => f with { Format = FramePixelFormat.Jpeg, Data = ToJpeg(f) }).ToList();
        var fromRaw = (await RunAsync(raw))[2].Values[Energy];
        var fromJpeg = (await RunAsync(jpeg))[2].Values[Energy];
        TestContext.Current.TestOutputHelper?.WriteLine($"pan 1.7 px/frame @30 fps, 320x240: energy {fromRaw:F4} from RGB24, {fromJpeg:F4} from JPEG q90");
        Assert.Equal(1.0, fromJpeg / fromRaw, 0.05);
    }

    private static byte[] ToJpeg(VideoFrame rgb)
    {
        using var bitmap = new SkiaSharp.SKBitmap(new SkiaSharp.SKImageInfo(rgb.Width, rgb.Height, SkiaSharp.SKColorType.Rgba8888, SkiaSharp.SKAlphaType.Opaque));
        var span = rgb.Data.Span;
        for (var y = 0; y < rgb.Height; y++)
        {
            for (var x = 0; x < rgb.Width; x++)
            {
                var i = 3 * (y * rgb.Width + x);
                bitmap.SetPixel(x, y, new SkiaSharp.SKColor(span[i], span[i + 1], span[i + 2]));
            }
        }
        using var data = bitmap.Encode(SkiaSharp.SKEncodedImageFormat.Jpeg, 90);
        return data.ToArray();
    }

    [Fact]
    public async Task Extract_StillFrames_GiveNearZeroEnergy()
    {
        var vectors = await RunAsync(Pan(4, 0, 30));
        Assert.All(vectors, v => Assert.True(v.Values[Energy] < 1e-3, $"energy {v.Values[Energy]}"));
    }

    [Fact]
    public async Task Extract_TimestampBackwards_Throws()
    {
        var f = Pan(3, 1, 25).ToList();
        var ex = await FailsAsync([f[0], f[2] with { PtsUs = 80000 }, f[1] with { PtsUs = 40000 }]);
        Assert.Equal("frame.pts_us", ex.Field);
        Assert.Equal("timestamp went backwards: 40000 after 80000 us", ex.Reason);
    }

    [Fact]
    public async Task Extract_TimestampRepeated_Throws()
    {
        var f = Pan(2, 1, 25).ToList();
        var ex = await FailsAsync([f[0], f[1] with { PtsUs = f[0].PtsUs }]);
        Assert.Equal("frame.pts_us", ex.Field);
        Assert.Contains("repeated", ex.Reason);
    }

    [Fact]
    public async Task Extract_NegativeTimestamp_Throws()
    {
        var ex = await FailsAsync([Pan(1, 0, 25).Single() with { PtsUs = -5 }]);
        Assert.Equal("frame.pts_us", ex.Field);
        Assert.Contains("-5", ex.Reason);
    }

    [Fact]
    public async Task Extract_SizeChangeMidStream_Throws()
    {
        var first = Pan(1, 0, 25).Single();
        var second = Pan(2, 0, 25, 320, 240).Last();
        var ex = await FailsAsync([first, second]);
        Assert.Equal("frame.width", ex.Field);
        Assert.Contains("320x240 after 160x120", ex.Reason);
    }

    [Fact]
    public async Task Extract_UnspecifiedFormat_Throws()
    {
        var ex = await FailsAsync([Pan(1, 0, 25).Single() with { Format = FramePixelFormat.Unspecified }]);
        Assert.Equal("frame.format", ex.Field);
    }

    [Fact]
    public async Task Extract_InvalidSettings_Throws()
    {
        var ex = await Assert.ThrowsAsync<InvalidInputException>(() => RunAsync(Pan(1, 0, 25), settings: new VisionSettings(AnalysisWidth: 8)));
        Assert.Equal("analysis_width", ex.Field);
    }

    [Fact]
    public async Task Extract_Cancelled_Stops()
    {
        using var cts = new CancellationTokenSource();
        var count = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in Extractor.ExtractAsync(Settings, Stream(Pan(10, 1, 25)), new StreamStats(), cts.Token))
            {
                if (++count == 2)
                    await cts.CancelAsync();
            }
        });
        Assert.Equal(2, count);
    }
}
