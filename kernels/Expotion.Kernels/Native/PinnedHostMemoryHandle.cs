using Expotion.Kernels.Interop;

namespace Expotion.Kernels.Native;

/// <summary>An owned page-locked host memory from cuMemAllocHost.</summary>
internal sealed class PinnedHostMemoryHandle(CudaContextHandle context) : ContextBoundHandle(context)
{
    protected override unsafe CuResult Free(CudaDriverApi api, nint value) => api.cuMemFreeHost((void*)value);
}
