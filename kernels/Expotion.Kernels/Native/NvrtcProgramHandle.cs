using Expotion.Kernels.Interop;
using Microsoft.Win32.SafeHandles;

namespace Expotion.Kernels.Native;

/// <summary>An owned nvrtcProgram.</summary>
internal sealed class NvrtcProgramHandle(NvrtcApi api) : SafeHandleZeroOrMinusOneIsInvalid(ownsHandle: true)
{
    internal void Attach(nint program) => SetHandle(program);

    protected override unsafe bool ReleaseHandle()
    {
        var program = handle;
        return api.nvrtcDestroyProgram(&program) == 0;
    }
}
