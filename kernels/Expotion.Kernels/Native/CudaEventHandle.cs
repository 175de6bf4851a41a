using Expotion.Kernels.Interop;

namespace Expotion.Kernels.Native;

/// <summary>An owned CUevent.</summary>
internal sealed class CudaEventHandle(CudaContextHandle context) : ContextBoundHandle(context)
{
    protected override unsafe CuResult Free(CudaDriverApi api, nint value) => api.cuEventDestroy_v2(value);
}
