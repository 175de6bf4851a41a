namespace Expotion.Kernels.Interop;

/// <summary>Names of the native libraries the kernels bind, probed in this order.</summary>
internal static class Libraries
{
    /// <summary>The CUDA driver, installed with the NVIDIA driver (never with the toolkit).</summary>
    public static readonly string[] CudaDriver = ["libcuda.so.1", "libcuda.so"];

    /// <summary>Environment variable naming an NVRTC library to try first (a full path, e.g. from a pip wheel).</summary>
    public const string NvrtcOverride = "EXPOTION_NVRTC";

    /// <summary>NVRTC: versioned names first (CUDA 13 on the GPU machines, 11.2 ABI from Debian non-free), then the toolkit's folder.</summary>
    public static IEnumerable<string> Nvrtc
    {
        get
        {
            if (Environment.GetEnvironmentVariable(NvrtcOverride) is { Length: > 0 } path) yield return path;
            foreach (var name in (string[])["libnvrtc.so.13", "libnvrtc.so.12", "libnvrtc.so.11.2", "libnvrtc.so"])
                yield return name;
            foreach (var folder in (string[])["/usr/local/cuda/lib64", "/usr/local/cuda/targets/x86_64-linux/lib"])
                foreach (var name in (string[])["libnvrtc.so.13", "libnvrtc.so.12", "libnvrtc.so"])
                    yield return Path.Combine(folder, name);
        }
    }

    /// <summary>The CUDA-on-CPU emulation (kernels/emulation), built by the test build beside the test assembly.</summary>
    public const string Emulator = "libexpotion_emu.so";

    /// <summary>The same, built with AddressSanitizer.</summary>
    public const string EmulatorAsan = "libexpotion_emu_asan.so";

    /// <summary>Loads the first library of <paramref name="names"/> that opens; the reason lists every failure.</summary>
    public static bool TryLoad(IEnumerable<string> names, out nint handle, out string loaded, out string reason)
    {
        var failures = new List<string>();
        foreach (var name in names)
        {
            try
            {
                handle = NativeLibraryLoad(name);
                loaded = name;
                reason = "";
                return true;
            }
            catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
            {
                failures.Add($"{name}: {Short(e.Message)}");
            }
        }
        handle = 0;
        loaded = "";
        reason = string.Join("; ", failures);
        return false;
    }

    private static nint NativeLibraryLoad(string name) => System.Runtime.InteropServices.NativeLibrary.Load(name);

    // .NET's text is "Unable to load shared library 'X' or one of its dependencies. In order to help diagnose …: DETAIL".
    private static string Short(string text)
    {
        var i = text.IndexOfAny(['\r', '\n']);
        if (i >= 0) text = text[..i];
        var help = text.IndexOf(" In order to help", StringComparison.Ordinal);
        if (help < 0) return text;
        var colon = text.IndexOf(": ", help, StringComparison.Ordinal);
        var detail = colon < 0 ? "" : text[(colon + 2)..].Trim();
        return detail.Length > 0 ? detail : "not found";
    }
}
