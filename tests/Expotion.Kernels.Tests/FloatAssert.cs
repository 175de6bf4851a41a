namespace Expotion.Kernels.Tests;

/// <summary>Array comparisons that say where the first difference is.</summary>
internal static class FloatAssert
{
    /// <summary>Bit for bit (so +0 and −0 differ, and NaN equals only the same NaN).</summary>
    public static void BitEqual(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
                Assert.Fail($"first difference at [{i}]: expected {expected[i]:R}, got {actual[i]:R} ({Count(expected, actual)} values differ)");
    }

    /// <summary>|expected − actual| ≤ tolerance · max(1, |expected|) everywhere.</summary>
    public static void Close(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            if (!(Math.Abs((double)expected[i] - actual[i]) <= tolerance * Math.Max(1, Math.Abs((double)expected[i]))))
                Assert.Fail($"first difference beyond {tolerance:G3} at [{i}]: expected {expected[i]:R}, got {actual[i]:R}");
    }

    private static int Count(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        var n = 0;
        for (var i = 0; i < expected.Length; i++)
            if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i])) n++;
        return n;
    }

    public static float[] Random(Random rng, long n, float scale = 2f)
    {
        var a = new float[n];
        for (var i = 0; i < n; i++) a[i] = (float)((rng.NextDouble() * 2 - 1) * scale);
        return a;
    }
}
