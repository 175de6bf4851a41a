using System.Collections.Concurrent;
using System.Text;
using Expotion.Kernels.Interop;
using Expotion.Kernels.Native;

namespace Expotion.Kernels.Cuda;

/// <summary>
/// Compiles the embedded <c>.cu</c> sources to PTX with NVRTC, at first use, for one virtual architecture.
/// Results are cached for the process by (source hash, architecture, options).
/// </summary>
public static unsafe class NvrtcCompiler
{
    private static readonly ConcurrentDictionary<(string Hash, string Arch, string Options), PtxProgram> Cache = new();

    /// <summary>True when an NVRTC library loads; otherwise <paramref name="reason"/> says what was tried.</summary>
    public static bool IsAvailable(out string reason) => NvrtcApi.TryGet(out _, out reason);

    /// <summary>NVRTC's version and library, e.g. "11.8 (libnvrtc.so.11.2)".</summary>
    public static string Version
    {
        get
        {
            var api = Api();
            int major, minor;
            api.nvrtcVersion(&major, &minor);
            return $"{major}.{minor} ({api.LibraryName})";
        }
    }

    /// <summary>The virtual architectures (e.g. 80, 90) this NVRTC can target.</summary>
    public static IReadOnlyList<int> SupportedArchitectures
    {
        get
        {
            var api = Api();
            if (api.nvrtcGetNumSupportedArchs == null) return [52, 60, 70, 75, 80];
            int count;
            api.nvrtcGetNumSupportedArchs(&count);
            var archs = new int[count];
            fixed (int* p = archs) api.nvrtcGetSupportedArchs(p);
            return archs;
        }
    }

    /// <summary>The highest architecture NVRTC supports that the device (compute capability major·10+minor) can run.</summary>
    public static int ArchitectureFor(int computeCapability)
    {
        var supported = SupportedArchitectures.Where(a => a <= computeCapability).ToArray();
        return supported.Length > 0 ? supported.Max() : SupportedArchitectures.Min();
    }

    /// <summary>The NVRTC options used for an architecture and float mode.</summary>
    public static string[] OptionsFor(int architecture, KernelFloatMode mode) =>
        mode == KernelFloatMode.Exact
            ? [$"--gpu-architecture=compute_{architecture}", "--std=c++17", "--generate-line-info", "--fmad=false"]
            : [$"--gpu-architecture=compute_{architecture}", "--std=c++17", "--generate-line-info"];

    /// <summary>Compiles (or returns the cached PTX of) <paramref name="source"/>; throws <see cref="NvrtcException"/> with the log on error.</summary>
    public static PtxProgram Compile(KernelSource source, int architecture, KernelFloatMode mode)
    {
        var options = OptionsFor(architecture, mode);
        var key = (source.Hash, $"compute_{architecture}", string.Join(' ', options));
        return Cache.GetOrAdd(key, _ => CompileUncached(source, key.Item2, options));
    }

    private static PtxProgram CompileUncached(KernelSource source, string arch, string[] options)
    {
        var api = Api();
        using var program = new NvrtcProgramHandle(api);
        var text = Utf8(source.Text);
        var name = Utf8(source.Name);
        nint raw;
        fixed (byte* t = text, n = name)
            Check(api, api.nvrtcCreateProgram(&raw, t, n, 0, null, null), "nvrtcCreateProgram");
        program.Attach(raw);

        var encoded = options.Select(Utf8).ToArray();
        var handles = encoded.Select(o => System.Runtime.InteropServices.GCHandle.Alloc(o, System.Runtime.InteropServices.GCHandleType.Pinned)).ToArray();
        int compiled;
        try
        {
            var pointers = stackalloc byte*[encoded.Length];
            for (var i = 0; i < encoded.Length; i++) pointers[i] = (byte*)handles[i].AddrOfPinnedObject();
            compiled = api.nvrtcCompileProgram(raw, encoded.Length, pointers);
        }
        finally
        {
            foreach (var h in handles) h.Free();
        }

        nuint logSize;
        Check(api, api.nvrtcGetProgramLogSize(raw, &logSize), "nvrtcGetProgramLogSize");
        var logBytes = new byte[(int)logSize];
        fixed (byte* l = logBytes) Check(api, api.nvrtcGetProgramLog(raw, l), "nvrtcGetProgramLog");
        var log = Text(logBytes);
        if (compiled != 0)
            throw new NvrtcException(compiled, $"nvrtcCompileProgram({source.Name}, {string.Join(' ', options)})", api.Describe(compiled), log);

        nuint ptxSize;
        Check(api, api.nvrtcGetPTXSize(raw, &ptxSize), "nvrtcGetPTXSize");
        var ptx = new byte[(int)ptxSize];
        fixed (byte* p = ptx) Check(api, api.nvrtcGetPTX(raw, p), "nvrtcGetPTX");
        return new PtxProgram(source.Name, arch, string.Join(' ', options), Text(ptx), log.Trim());
    }

    private static NvrtcApi Api() => NvrtcApi.TryGet(out var api, out var reason) ? api! : throw new InvalidOperationException($"NVRTC is not available: {reason}");

    private static void Check(NvrtcApi api, int result, string call)
    {
        if (result != 0) throw new NvrtcException(result, call, api.Describe(result));
    }

    private static byte[] Utf8(string s)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(s) + 1];
        Encoding.UTF8.GetBytes(s, bytes);
        return bytes;
    }

    private static string Text(byte[] zeroTerminated)
    {
        var end = Array.IndexOf(zeroTerminated, (byte)0);
        return Encoding.UTF8.GetString(zeroTerminated, 0, end < 0 ? zeroTerminated.Length : end);
    }
}
