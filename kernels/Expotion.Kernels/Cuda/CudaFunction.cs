namespace Expotion.Kernels.Cuda;

/// <summary>One kernel of a loaded module. Launches pass the addresses of the arguments (cuLaunchKernel's kernelParams).</summary>
public sealed unsafe class CudaFunction
{
    private readonly nint _handle;

    internal CudaFunction(CudaModule module, string name, nint handle)
    {
        Module = module;
        Name = name;
        _handle = handle;
    }

    public CudaModule Module { get; }

    public string Name { get; }

    /// <summary>
    /// Launches on <paramref name="stream"/> (null: the default stream). <paramref name="args"/> holds one address per
    /// kernel parameter, e.g. <c>stackalloc void*[] { &amp;src, &amp;dst, &amp;n }</c>: no boxing, no pinning.
    /// On a GPU the launch is asynchronous; the emulation runs it to completion before returning.
    /// </summary>
    internal void Launch(Dim3 grid, Dim3 block, CudaStream? stream, void** args)
    {
        var device = Module.Device;
        using (device.Bind())
            device.Check(device.Api.cuLaunchKernel(_handle, grid.X, grid.Y, grid.Z, block.X, block.Y, block.Z, 0, stream?.Raw ?? 0, args, null),
                $"cuLaunchKernel({Name}, grid {grid.X}×{grid.Y}×{grid.Z}, block {block.X}×{block.Y}×{block.Z})");
    }
}
