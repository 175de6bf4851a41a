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
        Assert.Equal(scalar.Dx.Select(BitConverter.SingleToInt32Bits), vector.Dx.Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(scalar.Dy.Select(BitConverter.SingleToInt32Bits), vector.Dy.Select(BitConverter.SingleToInt32Bits));
    }
}
