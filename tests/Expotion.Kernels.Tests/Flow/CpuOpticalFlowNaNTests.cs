using Expotion.Kernels.Flow;

namespace Expotion.Kernels.Tests.Flow;

/// <summary>NaN pixels (a broken decoder, a hostile frame) on the CPU reference's two warp paths.</summary>
public sealed class CpuOpticalFlowNaNTests
{
    [Fact]
    public void Compute_NaNPixels_Avx2AndScalarWarpsAgreeBitForBit()
    {
        // NaN flow sends the warp's gathers to NaN coordinates: the AVX2 path must clamp them as the scalar one does
        // (an out-of-bounds gather would read other memory and give other bits, or crash).
        const int w = 160, h = 120;
        var a = FlowImages.Texture(w, h, seed: 4);
        var b = FlowImages.Texture(w, h, 1f, 1f, seed: 4);
        for (var i = 0; i < a.Pixels.Length; i += 97) a.Pixels[i] = float.NaN;
        var vector = new CpuOpticalFlow(FlowOptions.Default, useAvx2: true).Compute(a, b);
        var scalar = new CpuOpticalFlow(FlowOptions.Default, useAvx2: false).Compute(a, b);
        Assert.Contains(vector.Dx, float.IsNaN);   // the NaNs did reach the warp
        Assert.Equal(scalar.Dx.Select(Bits), vector.Dx.Select(Bits));
        Assert.Equal(scalar.Dy.Select(Bits), vector.Dy.Select(Bits));
    }

    /// <summary>A float's bits, every NaN as one: x86 gives a NaN's sign by operand order (0xFFC00000 from one path,
    /// 0x7FC00000 from the other, seen in a fresh-check run), which carries no value. Finite results compare bit for bit.</summary>
    private static int Bits(float v) => float.IsNaN(v) ? BitConverter.SingleToInt32Bits(float.NaN) : BitConverter.SingleToInt32Bits(v);
}
