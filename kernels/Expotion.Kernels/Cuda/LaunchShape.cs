namespace Expotion.Kernels.Cuda;

/// <summary>Launch sizes shared by the launchers; the same formula on a GPU and in emulation.</summary>
internal static class LaunchShape
{
    /// <summary>Most blocks a grid-stride kernel is launched with: 32 per multiprocessor.</summary>
    public static uint MaxBlocks(CudaDevice device) => (uint)Math.Max(1, device.MultiprocessorCount) * 32;

    /// <summary>Threads for a block that strides over one row of <paramref name="dims"/> values: a multiple of 32, at most 256.</summary>
    public static uint RowThreads(int dims) => (uint)Math.Min(256, (dims + 31) / 32 * 32);

    /// <summary>Blocks for <paramref name="work"/> items of <paramref name="perBlock"/> each, capped for grid-stride loops.</summary>
    public static uint Blocks(CudaDevice device, long work, long perBlock) =>
        (uint)Math.Max(1, Math.Min((work + perBlock - 1) / perBlock, MaxBlocks(device)));
}
