using Expotion.Kernels.Interop;

namespace Expotion.Kernels.Native;

/// <summary>An owned CUdeviceptr: device memory from cuMemAlloc.</summary>
internal sealed class DeviceMemoryHandle(CudaContextHandle context) : ContextBoundHandle(context)
{
    protected override unsafe CuResult Free(CudaDriverApi api, nint value) => api.cuMemFree_v2((ulong)value);
}
