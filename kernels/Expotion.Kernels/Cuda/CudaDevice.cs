using System.Diagnostics.CodeAnalysis;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Expotion.Kernels.Interop;
using Expotion.Kernels.Native;

namespace Expotion.Kernels.Cuda;

/// <summary>
/// One CUDA device and its primary context, bound either to the NVIDIA driver (<c>libcuda.so.1</c>) or
/// to the CUDA-on-CPU emulation, which exports the same driver API. Everything above this class (modules,
/// buffers, launches) runs the same code on both.
/// </summary>
public sealed unsafe class CudaDevice : IDisposable
{
    private static readonly ConcurrentDictionary<string, (CudaDriverApi? Api, string Reason)> Drivers = new();
    private readonly ConcurrentDictionary<(string Hash, KernelFloatMode Mode), CudaModule> _modules = new();

    private CudaDevice(CudaDriverApi api, CudaContextHandle context, int ordinal)
    {
        Api = api;
        Context = context;
        Ordinal = ordinal;
        var name = stackalloc byte[256];
        using (Bind())
        {
            Check(api.cuDeviceGetName(name, 256, ordinal));
            Name = Marshal.PtrToStringUTF8((nint)name) ?? "?";
            int major, minor, sms, version;
            nuint bytes;
            Check(api.cuDeviceGetAttribute(&major, 75, ordinal));
            Check(api.cuDeviceGetAttribute(&minor, 76, ordinal));
            Check(api.cuDeviceGetAttribute(&sms, 16, ordinal));
            Check(api.cuDeviceTotalMem_v2(&bytes, ordinal));
            Check(api.cuDriverGetVersion(&version));
            ComputeCapability = major * 10 + minor;
            MultiprocessorCount = sms;
            TotalMemoryBytes = (long)bytes;
            DriverVersion = version;
        }
        IsEmulated = api.IsEmulator;
        IsAddressSanitized = api.expotion_emu_is_asan != null && api.expotion_emu_is_asan() != 0;
    }

    internal CudaDriverApi Api { get; }

    internal CudaContextHandle Context { get; }

    public int Ordinal { get; }

    public string Name { get; }

    /// <summary>major·10 + minor, e.g. 90 for an H100.</summary>
    public int ComputeCapability { get; }

    public int MultiprocessorCount { get; }

    public long TotalMemoryBytes { get; }

    /// <summary>CUDA driver version as the driver reports it (e.g. 13000 for 13.0).</summary>
    public int DriverVersion { get; }

    /// <summary>True for the CUDA-on-CPU emulation (kernels/emulation).</summary>
    public bool IsEmulated { get; }

    /// <summary>True for the emulation built with AddressSanitizer.</summary>
    public bool IsAddressSanitized { get; }

    public string Description =>
        $"{Name} (sm_{ComputeCapability}, {MultiprocessorCount} SMs, {TotalMemoryBytes / (1L << 30)} GiB, driver {DriverVersion / 1000}.{DriverVersion % 1000 / 10}, {Api.LibraryName})";

    /// <summary>
    /// Opens device <paramref name="ordinal"/> through <c>libcuda.so.1</c>. False, with the reason, when there is
    /// no driver library, cuInit fails or no such device exists: never throws for a missing GPU.
    /// </summary>
    public static bool TryOpen(int ordinal, [NotNullWhen(true)] out CudaDevice? device, out string reason) =>
        TryOpen(Libraries.CudaDriver, ordinal, out device, out reason);

    /// <summary>
    /// Opens the CUDA-on-CPU emulation from <paramref name="directory"/> (default: beside this assembly's
    /// host, where the test build puts it). Its device 0 runs a block's threads in forward order, device 1
    /// in reverse; <paramref name="addressSanitizer"/> picks the AddressSanitizer build.
    /// </summary>
    public static bool TryOpenEmulator(EmulatorThreadOrder order, [NotNullWhen(true)] out CudaDevice? device, out string reason,
        bool addressSanitizer = false, string? directory = null)
    {
        var path = Path.Combine(directory ?? AppContext.BaseDirectory, addressSanitizer ? Libraries.EmulatorAsan : Libraries.Emulator);
        if (!File.Exists(path))
        {
            device = null;
            reason = $"no emulation library at {path} (the test build makes it with g++ from kernels/emulation)";
            return false;
        }
        return TryOpen([path], (int)order, out device, out reason);
    }

    private static bool TryOpen(string[] libraries, int ordinal, out CudaDevice? device, out string reason)
    {
        device = null;
        var (api, why) = Drivers.GetOrAdd(string.Join('|', libraries), _ => LoadDriver(libraries));
        if (api is null)
        {
            reason = why;
            return false;
        }
        int count;
        var r = api.cuDeviceGetCount(&count);
        if (r != CuResult.Success)
        {
            reason = $"cuDeviceGetCount: {api.Describe(r)}";
            return false;
        }
        if (ordinal < 0 || ordinal >= count)
        {
            reason = count == 0 ? $"{api.LibraryName} reports no CUDA device" : $"no CUDA device {ordinal} ({count} present)";
            return false;
        }
        int handle;
        nint context;
        if ((r = api.cuDeviceGet(&handle, ordinal)) != CuResult.Success || (r = api.cuDevicePrimaryCtxRetain(&context, handle)) != CuResult.Success)
        {
            reason = $"device {ordinal}: {api.Describe(r)}";
            return false;
        }
        var contextHandle = new CudaContextHandle(api, handle);
        contextHandle.Attach(context);
        device = new CudaDevice(api, contextHandle, handle);
        reason = "";
        return true;
    }

    private static (CudaDriverApi?, string) LoadDriver(string[] libraries)
    {
        if (!Libraries.TryLoad(libraries, out var library, out var name, out var reason))
            return (null, $"no CUDA driver library ({reason})");
        if (!CudaDriverApi.TryBind(library, name, out var api, out reason))
            return (null, reason);
        var r = api!.cuInit(0);
        return r == CuResult.Success ? (api, "") : (null, $"cuInit: {api.Describe(r)}");
    }

    /// <summary>
    /// Loads <paramref name="source"/> as a module (cached per device). On a GPU the source is compiled by NVRTC
    /// for this device's architecture; the emulation loads the same PTX when NVRTC is present (its kernels
    /// were compiled from the same file by g++), or the source text itself when it is not.
    /// </summary>
    public CudaModule LoadModule(KernelSource source, KernelFloatMode mode = KernelFloatMode.Fast) =>
        _modules.GetOrAdd((source.Hash, mode), _ => CreateModule(source, mode));

    private CudaModule CreateModule(KernelSource source, KernelFloatMode mode)
    {
        string image;
        if (NvrtcCompiler.IsAvailable(out var nvrtcMissing))
            image = NvrtcCompiler.Compile(source, NvrtcCompiler.ArchitectureFor(ComputeCapability), mode).Ptx;
        else if (IsEmulated)
            image = source.Text;
        else
            throw new InvalidOperationException($"cannot compile {source.Name} for {Name}: {nvrtcMissing}");

        var bytes = new byte[System.Text.Encoding.UTF8.GetByteCount(image) + 1];
        System.Text.Encoding.UTF8.GetBytes(image, bytes);
        const int logSize = 16 * 1024;
        var log = stackalloc byte[logSize];
        log[0] = 0;
        var options = stackalloc int[] { 5, 6 };                   // CU_JIT_ERROR_LOG_BUFFER, CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES
        var values = stackalloc void*[] { log, (void*)logSize };
        var handle = new CudaModuleHandle(Context);
        nint module;
        using (Bind())
        {
            CuResult r;
            fixed (byte* p = bytes)
                r = Api.cuModuleLoadDataEx(&module, p, 2, options, values);
            if (r != CuResult.Success)
            {
                handle.Dispose();
                var jitLog = Marshal.PtrToStringUTF8((nint)log);
                throw new CudaException(r, $"cuModuleLoadDataEx({source.Name})", Api.Describe(r),
                    string.IsNullOrWhiteSpace(jitLog) ? Api.LastEmulatorError() : jitLog);
            }
        }
        handle.Attach(module);
        return new CudaModule(this, source, handle);
    }

    public DeviceBuffer<T> Allocate<T>(long length) where T : unmanaged => new(this, length);

    public PinnedHostBuffer<T> AllocatePinned<T>(int length) where T : unmanaged => new(this, length);

    public CudaStream CreateStream() => new(this);

    public CudaEvent CreateEvent() => new(this);

    /// <summary>Waits for all work on the device (cuCtxSynchronize); launch errors surface here.</summary>
    public void Synchronize()
    {
        using (Bind())
            Check(Api.cuCtxSynchronize());
    }

    /// <summary>Makes this device's context current on the calling thread until disposed.</summary>
    internal ContextScope Bind()
    {
        ObjectDisposedException.ThrowIf(Context.IsClosed, this);
        Check(Api.cuCtxPushCurrent_v2(Context.DangerousGetHandle()));
        return new ContextScope(Api);
    }

    /// <summary>Throws <see cref="CudaException"/> naming the call when <paramref name="result"/> is not success.</summary>
    internal void Check(CuResult result, [CallerArgumentExpression(nameof(result))] string? call = null)
    {
        if (result != CuResult.Success)
            throw new CudaException(result, call ?? "CUDA call", Api.Describe(result), IsEmulated ? Api.LastEmulatorError() : null);
    }

    public void Dispose()
    {
        foreach (var m in _modules.Values) m.Dispose();
        _modules.Clear();
        Context.Dispose();
    }

    internal readonly struct ContextScope(CudaDriverApi api) : IDisposable
    {
        public void Dispose()
        {
            nint popped;
            api.cuCtxPopCurrent_v2(&popped);
        }
    }
}
