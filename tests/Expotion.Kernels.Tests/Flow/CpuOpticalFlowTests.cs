using Expotion.Kernels.Flow;

namespace Expotion.Kernels.Tests.Flow;

public sealed class CpuOpticalFlowTests
{
    private const int W = 160, H = 120, Margin = 12;

    private static void Log(string line) => TestContext.Current.TestOutputHelper?.WriteLine(line);

    /// <summary>Mean flow and mean end-point error against a known field over the interior (borders see content leave).</summary>
    private static (double MeanU, double MeanV, double Epe, double MaxEpe) Measure(FlowField flow, Func<double, double, (double U, double V)> truth)
    {
        double su = 0, sv = 0, se = 0, max = 0;
        var n = 0;
        for (var y = Margin; y < H - Margin; y++)
        {
            for (var x = Margin; x < W - Margin; x++)
            {
                var i = y * W + x;
                var (u, v) = truth(x, y);
                var e = Math.Sqrt(Math.Pow(flow.Dx[i] - u, 2) + Math.Pow(flow.Dy[i] - v, 2));
                su += flow.Dx[i];
                sv += flow.Dy[i];
                se += e;
                max = Math.Max(max, e);
                n++;
            }
        }
        return (su / n, sv / n, se / n, max);
    }

    [Theory]
    [InlineData(1.5, -0.75)]
    [InlineData(4.0, 2.0)]
    [InlineData(-0.3, 0.2)]
    [InlineData(-6.2, 3.4)]
    [InlineData(10.4, -7.3)]
    public void Compute_TranslatedTexture_RecoversDirectionAndSpeed(double dx, double dy)
    {
        var scene = new SyntheticScene(seed: 7);
        var first = scene.Render(W, H);
        var second = scene.Render(W, H, dx, dy);

        var flow = CpuOpticalFlow.Instance.Compute(first, second);
        var (mu, mv, epe, maxEpe) = Measure(flow, (_, _) => (dx, dy));

        var angleError = Math.Abs(Math.IEEERemainder(Math.Atan2(mv, mu) - Math.Atan2(dy, dx), 2 * Math.PI)) * 180 / Math.PI;
        var speedRatio = Math.Sqrt(mu * mu + mv * mv) / Math.Sqrt(dx * dx + dy * dy);
        Log($"shift ({dx}, {dy}) px: mean flow ({mu:F3}, {mv:F3}), direction error {angleError:F2}°, speed ratio {speedRatio:F3}, EPE mean {epe:F3} px, max {maxEpe:F3} px");
        Assert.True(angleError < 3, $"direction off by {angleError:F2}°");
        Assert.InRange(speedRatio, 0.9, 1.1);
        Assert.True(epe < 0.1 * Math.Sqrt(dx * dx + dy * dy) + 0.05, $"EPE {epe:F3} px");
    }

    [Fact]
    public void Compute_SmoothWarpField_HasSmallEndPointError()
    {
        var scene = new SyntheticScene(seed: 11);
        (double U, double V) Field(double x, double y) =>
            (1.5 + 1.5 * Math.Sin(2 * Math.PI * y / H), -0.75 + 1.2 * Math.Cos(2 * Math.PI * x / W) + 0.01 * (x - W / 2.0));
        var first = scene.Render(W, H);
        var second = scene.RenderWarped(W, H, Field);

        var flow = CpuOpticalFlow.Instance.Compute(first, second);
        var (_, _, epe, maxEpe) = Measure(flow, Field);
        var zero = Measure(new FlowField(W, H), Field);

        Log($"smooth warp (|u| up to ~3.5 px): EPE mean {epe:F3} px, max {maxEpe:F3} px (zero flow would score {zero.Epe:F3} px)");
        Assert.True(epe < 0.25, $"EPE {epe:F3} px");
    }

    [Fact]
    public void Compute_IdenticalFrames_GivesNearZeroFlow()
    {
        var img = new SyntheticScene(seed: 3).Render(W, H);
        var flow = CpuOpticalFlow.Instance.Compute(img, img);
        var max = 0f;
        for (var i = 0; i < flow.Dx.Length; i++)
            max = Math.Max(max, MathF.Sqrt(flow.Dx[i] * flow.Dx[i] + flow.Dy[i] * flow.Dy[i]));
        Assert.True(max < 1e-3f, $"max |flow| {max}");
    }

    [Fact]
    public void Compute_FlatImages_StaysFinite()
    {
        var a = new GrayImage(W, H);
        Array.Fill(a.Pixels, 0.5f);
        var b = new GrayImage(W, H);
        Array.Fill(b.Pixels, 0.6f);
        var flow = CpuOpticalFlow.Instance.Compute(a, b);
        Assert.All(flow.Dx, v => Assert.True(float.IsFinite(v) && MathF.Abs(v) < 1e-3f));
        Assert.All(flow.Dy, v => Assert.True(float.IsFinite(v) && MathF.Abs(v) < 1e-3f));
    }

    [Theory]
    [InlineData(9, 8)]
    [InlineData(33, 17)]
    [InlineData(161, 121)]
    public void Compute_OddAndTinySizes_Works(int width, int height)
    {
        var scene = new SyntheticScene(seed: 5);
        var flow = CpuOpticalFlow.Instance.Compute(scene.Render(width, height), scene.Render(width, height, 1, 0));
        Assert.All(flow.Dx, v => Assert.True(float.IsFinite(v)));
        var mid = (height / 2) * width + width / 2;
        Assert.InRange(flow.Dx[mid], 0.7f, 1.3f);
    }
}
