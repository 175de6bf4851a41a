using Expotion.Kernels.Interop;

namespace Expotion.Kernels.Native;

/// <summary>An owned CUstream.</summary>
internal sealed class CudaStreamHandle(CudaContextHandle context) : ContextBoundHandle(context)
{
    protected override unsafe CuResult Free(CudaDriverApi api, nint value) => api.cuStreamDestroy_v2(value);
}
