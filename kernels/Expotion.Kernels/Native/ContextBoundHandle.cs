using Expotion.Kernels.Interop;
using Microsoft.Win32.SafeHandles;

namespace Expotion.Kernels.Native;

/// <summary>
/// A handle created inside a CUDA context (module, device memory, stream, event, pinned host memory).
/// It holds a reference on the context, so the context outlives it, and makes the context current
/// while freeing, because the finalizer thread has none.
/// </summary>
internal abstract class ContextBoundHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    private bool _holdsContext;

    protected ContextBoundHandle(CudaContextHandle context) : base(ownsHandle: true)
    {
        Context = context;
        context.DangerousAddRef(ref _holdsContext);
    }

    public CudaContextHandle Context { get; }

    internal void Attach(nint value) => SetHandle(value);

    protected sealed override unsafe bool ReleaseHandle()
    {
        var api = Context.Api;
        var pushed = api.cuCtxPushCurrent_v2(Context.DangerousGetHandle()) == CuResult.Success;
        var result = Free(api, handle);
        if (pushed)
        {
            nint popped;
            api.cuCtxPopCurrent_v2(&popped);
        }
        if (_holdsContext) Context.DangerousRelease();
        return result == CuResult.Success;
    }

    protected abstract CuResult Free(CudaDriverApi api, nint value);
}
