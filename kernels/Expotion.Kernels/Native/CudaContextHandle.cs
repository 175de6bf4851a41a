using Expotion.Kernels.Interop;
using Microsoft.Win32.SafeHandles;

namespace Expotion.Kernels.Native;

/// <summary>A retained primary context (CUcontext); released last, after every handle created in it.</summary>
internal sealed class CudaContextHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public CudaContextHandle(CudaDriverApi api, int device) : base(ownsHandle: true)
    {
        Api = api;
        Device = device;
    }

    public CudaDriverApi Api { get; }

    public int Device { get; }

    internal void Attach(nint context) => SetHandle(context);

    protected override unsafe bool ReleaseHandle() => Api.cuDevicePrimaryCtxRelease_v2(Device) == CuResult.Success;
}
