using System.Runtime.InteropServices;

namespace Expotion.Kernels.Interop;

/// <summary>
/// The NVRTC entry points Expotion uses, as unmanaged function pointers resolved from the first NVRTC
/// library that opens (<see cref="Libraries.Nvrtc"/>); each field carries its C signature.
/// </summary>
internal sealed unsafe class NvrtcApi
{
    // nvrtcResult nvrtcVersion(int* major, int* minor)
    public readonly delegate* unmanaged<int*, int*, int> nvrtcVersion;
    // nvrtcResult nvrtcCreateProgram(nvrtcProgram* prog, const char* src, const char* name, int numHeaders,
    //                                const char* const* headers, const char* const* includeNames)
    public readonly delegate* unmanaged<nint*, byte*, byte*, int, byte**, byte**, int> nvrtcCreateProgram;
    // nvrtcResult nvrtcDestroyProgram(nvrtcProgram* prog)
    public readonly delegate* unmanaged<nint*, int> nvrtcDestroyProgram;
    // nvrtcResult nvrtcCompileProgram(nvrtcProgram prog, int numOptions, const char* const* options)
    public readonly delegate* unmanaged<nint, int, byte**, int> nvrtcCompileProgram;
    // nvrtcResult nvrtcGetPTXSize(nvrtcProgram prog, size_t* ptxSizeRet)
    public readonly delegate* unmanaged<nint, nuint*, int> nvrtcGetPTXSize;
    // nvrtcResult nvrtcGetPTX(nvrtcProgram prog, char* ptx)
    public readonly delegate* unmanaged<nint, byte*, int> nvrtcGetPTX;
    // nvrtcResult nvrtcGetProgramLogSize(nvrtcProgram prog, size_t* logSizeRet)
    public readonly delegate* unmanaged<nint, nuint*, int> nvrtcGetProgramLogSize;
    // nvrtcResult nvrtcGetProgramLog(nvrtcProgram prog, char* log)
    public readonly delegate* unmanaged<nint, byte*, int> nvrtcGetProgramLog;
    // const char* nvrtcGetErrorString(nvrtcResult result)
    public readonly delegate* unmanaged<int, byte*> nvrtcGetErrorString;
    // nvrtcResult nvrtcGetNumSupportedArchs(int* numArchs)   (NVRTC 11.2 and later; null before)
    public readonly delegate* unmanaged<int*, int> nvrtcGetNumSupportedArchs;
    // nvrtcResult nvrtcGetSupportedArchs(int* supportedArchs)
    public readonly delegate* unmanaged<int*, int> nvrtcGetSupportedArchs;

    public string LibraryName { get; }

    private NvrtcApi(nint library, string name)
    {
        LibraryName = name;
        nvrtcVersion = (delegate* unmanaged<int*, int*, int>)NativeLibrary.GetExport(library, nameof(nvrtcVersion));
        nvrtcCreateProgram = (delegate* unmanaged<nint*, byte*, byte*, int, byte**, byte**, int>)NativeLibrary.GetExport(library, nameof(nvrtcCreateProgram));
        nvrtcDestroyProgram = (delegate* unmanaged<nint*, int>)NativeLibrary.GetExport(library, nameof(nvrtcDestroyProgram));
        nvrtcCompileProgram = (delegate* unmanaged<nint, int, byte**, int>)NativeLibrary.GetExport(library, nameof(nvrtcCompileProgram));
        nvrtcGetPTXSize = (delegate* unmanaged<nint, nuint*, int>)NativeLibrary.GetExport(library, nameof(nvrtcGetPTXSize));
        nvrtcGetPTX = (delegate* unmanaged<nint, byte*, int>)NativeLibrary.GetExport(library, nameof(nvrtcGetPTX));
        nvrtcGetProgramLogSize = (delegate* unmanaged<nint, nuint*, int>)NativeLibrary.GetExport(library, nameof(nvrtcGetProgramLogSize));
        nvrtcGetProgramLog = (delegate* unmanaged<nint, byte*, int>)NativeLibrary.GetExport(library, nameof(nvrtcGetProgramLog));
        nvrtcGetErrorString = (delegate* unmanaged<int, byte*>)NativeLibrary.GetExport(library, nameof(nvrtcGetErrorString));
        nvrtcGetNumSupportedArchs = NativeLibrary.TryGetExport(library, nameof(nvrtcGetNumSupportedArchs), out var n) ? (delegate* unmanaged<int*, int>)n : null;
        nvrtcGetSupportedArchs = NativeLibrary.TryGetExport(library, nameof(nvrtcGetSupportedArchs), out var s) ? (delegate* unmanaged<int*, int>)s : null;
    }

    private static readonly Lazy<(NvrtcApi? Api, string Reason)> Shared = new(() =>
    {
        if (!Libraries.TryLoad(Libraries.Nvrtc, out var handle, out var name, out var reason))
            return (null, $"no NVRTC library ({reason})");
        try
        {
            return (new NvrtcApi(handle, name), "");
        }
        catch (EntryPointNotFoundException e)
        {
            return (null, $"{name}: {e.Message}");
        }
    });

    /// <summary>The process-wide NVRTC binding, loaded at first use; false with the reason when absent.</summary>
    public static bool TryGet(out NvrtcApi? api, out string reason)
    {
        (api, reason) = Shared.Value;
        return api is not null;
    }

    public string Describe(int result)
    {
        var p = nvrtcGetErrorString(result);
        return p == null ? $"nvrtcResult {result}" : Marshal.PtrToStringUTF8((nint)p) ?? $"nvrtcResult {result}";
    }
}
