using System.Diagnostics;
using Expotion.Kernels.Flow;
using Expotion.Vision.Core;

namespace Expotion.Vision.Models.Tests;

/// <summary>The face/pose slots in the vision stage's feature frames.</summary>
public sealed class PersonFeaturesTests(ITestOutputHelper output)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Layout_KeepsMotionNamesAndOrder_ThenNamesEverySlot()
    {
        var settings = new VisionSettings();
        var motion = MotionFeatureLayout.Create(settings);
        var layout = PersonFeatureLayout.Create(settings);
        Assert.Equal("expotion.motion+face+pose.v1", layout.Id);
        Assert.Equal(motion.Names, layout.Names.Take(motion.Dims));
        Assert.Equal(motion.MotionEnergyIndex, layout.MotionEnergyIndex);
        Assert.Equal(layout.Names.Count, layout.Names.Distinct().Count());
        Assert.Contains("face.present", layout.Names);
        Assert.Contains("pose.present", layout.Names);
        Assert.Contains("expr.happy", layout.Names);
    }

    [Fact]
    public async Task MissingModels_ReportNotPresent()
    {
        using var analyzer = PersonAnalyzer.Create(new VisionModelStore(Path.Combine(Path.GetTempPath(), "expotion-no-models")));
        Assert.False(analyzer.Available);
        Assert.Contains("setup-vision-models.sh", analyzer.Reason);
        var extractor = new FeatureExtractor(CpuOpticalFlow.Instance, analyzer);
        var layout = extractor.Layout(new VisionSettings());
        var frames = Enumerable.Range(0, 3).Select(i => new VideoFrame(i * 40_000, 64, 48, FramePixelFormat.Gray8, new byte[64 * 48])).ToAsyncEnumerable();
        await foreach (var f in extractor.ExtractAsync(new VisionSettings(), frames, new StreamStats(), Ct))
        {
            Assert.Equal(layout.Dims, f.Values.Length);
            Assert.Equal(0f, f.Values[layout.Names.ToList().IndexOf("face.present")]);
            Assert.Equal(0f, f.Values[layout.Names.ToList().IndexOf("pose.present")]);
        }
    }

    [Fact]
    public async Task Vtest_Walkers_MoveTheBodyAndFlowFeatures()
    {
        TestAssets.RequireModels(VisionModelStore.BlazeFace, VisionModelStore.Emotion, VisionModelStore.MoveNetLightning);
        var video = TestAssets.Media("vtest.avi");
        const int w = 384, h = 288, count = 40; // 4 s at the file's 10 fps, decoded at half size
        var psi = new ProcessStartInfo("ffmpeg", ["-v", "error", "-i", video, "-frames:v", $"{count}", "-vf", $"scale={w}:{h}", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"])
        { RedirectStandardOutput = true };
        using var ffmpeg = Process.Start(psi)!;
        using var pixels = new MemoryStream();
        await ffmpeg.StandardOutput.BaseStream.CopyToAsync(pixels, Ct);
        await ffmpeg.WaitForExitAsync(Ct);
        var bytes = pixels.ToArray();
        Assert.Equal(count * w * h * 3, bytes.Length);

        using var analyzer = PersonAnalyzer.Create(TestAssets.Store);
        Assert.True(analyzer.Available, analyzer.Reason);
        var extractor = new FeatureExtractor(CpuOpticalFlow.Instance, analyzer);
        var settings = new VisionSettings();
        var layout = extractor.Layout(settings);
        var names = layout.Names.ToList();
        int I(string name) => names.IndexOf(name);
        var frames = Enumerable.Range(0, count)
            .Select(i => new VideoFrame(i * 100_000L, w, h, FramePixelFormat.Rgb24, bytes.AsMemory(i * w * h * 3, w * h * 3))).ToAsyncEnumerable();
        var results = new List<FeatureVector>();
        var sw = Stopwatch.StartNew();
        await foreach (var f in extractor.ExtractAsync(settings, frames, new StreamStats(), Ct))
            results.Add(f);
        output.WriteLine($"vtest.avi {count} frames at {w}x{h}: {sw.Elapsed.TotalMilliseconds / count:F1} ms per frame (flow + face + emotion + pose)");

        var posed = results.Where(f => f.Values[I("pose.present")] == 1f).ToList();
        output.WriteLine($"pose present in {posed.Count}/{count} frames; face present in {results.Count(f => f.Values[I("face.present")] == 1f)}");
        foreach (var f in results.Where((_, i) => i % 8 == 0))
            output.WriteLine($"  t {f.PtsUs / 1e6:F1}s energy {f.Values[layout.MotionEnergyIndex]:F3} pose {f.Values[I("pose.present")]} shoulders ({f.Values[I("pose.shoulder_cx")]:F2},{f.Values[I("pose.shoulder_cy")]:F2}) width {f.Values[I("pose.shoulder_width")]:F3} gesture {f.Values[I("pose.gesture_energy")]:F2}");
        Assert.True(posed.Count >= count / 2, $"a walker's pose in only {posed.Count} of {count} frames");
        Assert.All(results.Skip(1), f => Assert.True(f.Values[layout.MotionEnergyIndex] > 0));
        // The people walk: the tracked shoulders move across the frame and the arm joints have speed.
        var xs = posed.Select(f => f.Values[I("pose.shoulder_cx")]).ToList();
        Assert.True(xs.Max() - xs.Min() > 0.02f, $"shoulder x stays within {xs.Min():F3}..{xs.Max():F3}");
        Assert.Contains(posed, f => f.Values[I("pose.gesture_energy")] > 0);
        // Absent groups are all zeros behind their flag.
        foreach (var f in results.Where(f => f.Values[I("face.present")] == 0f))
            Assert.All(Enumerable.Range(I("face.count"), I("pose.present") - I("face.count")), k => Assert.Equal(0f, f.Values[k]));
    }
}
