using System.Collections.Concurrent;
using System.Text;
using Expotion.Kernels.Native;

namespace Expotion.Kernels.Cuda;

/// <summary>A loaded module (one <c>.cu</c> file) and its kernels.</summary>
public sealed unsafe class CudaModule : IDisposable
{
    private readonly ConcurrentDictionary<string, CudaFunction> _functions = new(StringComparer.Ordinal);

    internal CudaModule(CudaDevice device, KernelSource source, CudaModuleHandle handle)
    {
        Device = device;
        Source = source;
        Handle = handle;
    }

    public CudaDevice Device { get; }

    public KernelSource Source { get; }

    internal CudaModuleHandle Handle { get; }

    /// <summary>The kernel named <paramref name="entryPoint"/> (an extern "C" __global__ function of the source).</summary>
    public CudaFunction GetFunction(string entryPoint) => _functions.GetOrAdd(entryPoint, name =>
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(name) + 1];
        Encoding.UTF8.GetBytes(name, bytes);
        nint function;
        using (Device.Bind())
        fixed (byte* p = bytes)
            Device.Check(Device.Api.cuModuleGetFunction(&function, Handle.DangerousGetHandle(), p), $"cuModuleGetFunction({Source.Name}, {name})");
        return new CudaFunction(this, name, function);
    });

    public void Dispose() => Handle.Dispose();
}
