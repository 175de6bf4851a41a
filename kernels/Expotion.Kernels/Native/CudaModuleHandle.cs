using Expotion.Kernels.Interop;

namespace Expotion.Kernels.Native;

/// <summary>An owned CUmodule: a loaded module.</summary>
internal sealed class CudaModuleHandle(CudaContextHandle context) : ContextBoundHandle(context)
{
    protected override unsafe CuResult Free(CudaDriverApi api, nint value) => api.cuModuleUnload(value);
}
