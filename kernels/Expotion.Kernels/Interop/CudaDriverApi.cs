using System.Runtime.InteropServices;

namespace Expotion.Kernels.Interop;

/// <summary>
/// The CUDA driver API entry points Expotion uses, as unmanaged function pointers resolved from one
/// library handle: <c>libcuda.so.1</c>, or the CUDA-on-CPU emulation, which exports the same names with
/// the same signatures. Function pointers rather than <c>[LibraryImport]</c> because one process may
/// bind both (GPU against emulation parity); every argument is blittable, so no marshalling stub runs.
/// Each field carries its C signature.
/// </summary>
internal sealed unsafe class CudaDriverApi
{
    // CUresult cuInit(unsigned int Flags)
    public readonly delegate* unmanaged<uint, CuResult> cuInit;
    // CUresult cuDriverGetVersion(int* driverVersion)
    public readonly delegate* unmanaged<int*, CuResult> cuDriverGetVersion;
    // CUresult cuDeviceGetCount(int* count)
    public readonly delegate* unmanaged<int*, CuResult> cuDeviceGetCount;
    // CUresult cuDeviceGet(CUdevice* device, int ordinal)
    public readonly delegate* unmanaged<int*, int, CuResult> cuDeviceGet;
    // CUresult cuDeviceGetName(char* name, int len, CUdevice dev)
    public readonly delegate* unmanaged<byte*, int, int, CuResult> cuDeviceGetName;
    // CUresult cuDeviceGetAttribute(int* pi, CUdevice_attribute attrib, CUdevice dev)
    public readonly delegate* unmanaged<int*, int, int, CuResult> cuDeviceGetAttribute;
    // CUresult cuDeviceTotalMem_v2(size_t* bytes, CUdevice dev)
    public readonly delegate* unmanaged<nuint*, int, CuResult> cuDeviceTotalMem_v2;
    // CUresult cuDevicePrimaryCtxRetain(CUcontext* pctx, CUdevice dev)
    public readonly delegate* unmanaged<nint*, int, CuResult> cuDevicePrimaryCtxRetain;
    // CUresult cuDevicePrimaryCtxRelease_v2(CUdevice dev)
    public readonly delegate* unmanaged<int, CuResult> cuDevicePrimaryCtxRelease_v2;
    // CUresult cuCtxPushCurrent_v2(CUcontext ctx)
    public readonly delegate* unmanaged<nint, CuResult> cuCtxPushCurrent_v2;
    // CUresult cuCtxPopCurrent_v2(CUcontext* pctx)
    public readonly delegate* unmanaged<nint*, CuResult> cuCtxPopCurrent_v2;
    // CUresult cuCtxSynchronize(void)
    public readonly delegate* unmanaged<CuResult> cuCtxSynchronize;
    // CUresult cuModuleLoadDataEx(CUmodule* module, const void* image, unsigned int numOptions, CUjit_option* options, void** optionValues)
    public readonly delegate* unmanaged<nint*, void*, uint, int*, void**, CuResult> cuModuleLoadDataEx;
    // CUresult cuModuleUnload(CUmodule hmod)
    public readonly delegate* unmanaged<nint, CuResult> cuModuleUnload;
    // CUresult cuModuleGetFunction(CUfunction* hfunc, CUmodule hmod, const char* name)
    public readonly delegate* unmanaged<nint*, nint, byte*, CuResult> cuModuleGetFunction;
    // CUresult cuMemAlloc_v2(CUdeviceptr* dptr, size_t bytesize)
    public readonly delegate* unmanaged<ulong*, nuint, CuResult> cuMemAlloc_v2;
    // CUresult cuMemFree_v2(CUdeviceptr dptr)
    public readonly delegate* unmanaged<ulong, CuResult> cuMemFree_v2;
    // CUresult cuMemAllocHost_v2(void** pp, size_t bytesize)
    public readonly delegate* unmanaged<void**, nuint, CuResult> cuMemAllocHost_v2;
    // CUresult cuMemFreeHost(void* p)
    public readonly delegate* unmanaged<void*, CuResult> cuMemFreeHost;
    // CUresult cuMemcpyHtoD_v2(CUdeviceptr dstDevice, const void* srcHost, size_t ByteCount)
    public readonly delegate* unmanaged<ulong, void*, nuint, CuResult> cuMemcpyHtoD_v2;
    // CUresult cuMemcpyDtoH_v2(void* dstHost, CUdeviceptr srcDevice, size_t ByteCount)
    public readonly delegate* unmanaged<void*, ulong, nuint, CuResult> cuMemcpyDtoH_v2;
    // CUresult cuMemcpyHtoDAsync_v2(CUdeviceptr dstDevice, const void* srcHost, size_t ByteCount, CUstream hStream)
    public readonly delegate* unmanaged<ulong, void*, nuint, nint, CuResult> cuMemcpyHtoDAsync_v2;
    // CUresult cuMemcpyDtoHAsync_v2(void* dstHost, CUdeviceptr srcDevice, size_t ByteCount, CUstream hStream)
    public readonly delegate* unmanaged<void*, ulong, nuint, nint, CuResult> cuMemcpyDtoHAsync_v2;
    // CUresult cuMemcpyDtoDAsync_v2(CUdeviceptr dstDevice, CUdeviceptr srcDevice, size_t ByteCount, CUstream hStream)
    public readonly delegate* unmanaged<ulong, ulong, nuint, nint, CuResult> cuMemcpyDtoDAsync_v2;
    // CUresult cuMemsetD32Async(CUdeviceptr dstDevice, unsigned int ui, size_t N, CUstream hStream)
    public readonly delegate* unmanaged<ulong, uint, nuint, nint, CuResult> cuMemsetD32Async;
    // CUresult cuStreamCreate(CUstream* phStream, unsigned int Flags)
    public readonly delegate* unmanaged<nint*, uint, CuResult> cuStreamCreate;
    // CUresult cuStreamDestroy_v2(CUstream hStream)
    public readonly delegate* unmanaged<nint, CuResult> cuStreamDestroy_v2;
    // CUresult cuStreamSynchronize(CUstream hStream)
    public readonly delegate* unmanaged<nint, CuResult> cuStreamSynchronize;
    // CUresult cuEventCreate(CUevent* phEvent, unsigned int Flags)
    public readonly delegate* unmanaged<nint*, uint, CuResult> cuEventCreate;
    // CUresult cuEventRecord(CUevent hEvent, CUstream hStream)
    public readonly delegate* unmanaged<nint, nint, CuResult> cuEventRecord;
    // CUresult cuEventSynchronize(CUevent hEvent)
    public readonly delegate* unmanaged<nint, CuResult> cuEventSynchronize;
    // CUresult cuEventElapsedTime(float* pMilliseconds, CUevent hStart, CUevent hEnd)
    public readonly delegate* unmanaged<float*, nint, nint, CuResult> cuEventElapsedTime;
    // CUresult cuEventDestroy_v2(CUevent hEvent)
    public readonly delegate* unmanaged<nint, CuResult> cuEventDestroy_v2;
    // CUresult cuLaunchKernel(CUfunction f, unsigned int gridDimX, gridDimY, gridDimZ, blockDimX, blockDimY, blockDimZ,
    //                         unsigned int sharedMemBytes, CUstream hStream, void** kernelParams, void** extra)
    public readonly delegate* unmanaged<nint, uint, uint, uint, uint, uint, uint, uint, nint, void**, void**, CuResult> cuLaunchKernel;
    // CUresult cuGetErrorName(CUresult error, const char** pStr)
    public readonly delegate* unmanaged<CuResult, byte**, CuResult> cuGetErrorName;
    // CUresult cuGetErrorString(CUresult error, const char** pStr)
    public readonly delegate* unmanaged<CuResult, byte**, CuResult> cuGetErrorString;

    // Emulator only (null for libcuda): int expotion_emu_last_error(char* buffer, int length)
    public readonly delegate* unmanaged<byte*, int, int> expotion_emu_last_error;
    // Emulator only: int expotion_emu_is_asan(void)
    public readonly delegate* unmanaged<int> expotion_emu_is_asan;
    // Emulator only: int expotion_emu_kernel_count(void)
    public readonly delegate* unmanaged<int> expotion_emu_kernel_count;
    // Emulator only: const char* expotion_emu_kernel_name(int index)
    public readonly delegate* unmanaged<int, byte*> expotion_emu_kernel_name;

    public string LibraryName { get; }

    public bool IsEmulator => expotion_emu_kernel_count != null;

    private CudaDriverApi(nint library, string name)
    {
        LibraryName = name;
        cuInit = (delegate* unmanaged<uint, CuResult>)Export(library, nameof(cuInit));
        cuDriverGetVersion = (delegate* unmanaged<int*, CuResult>)Export(library, nameof(cuDriverGetVersion));
        cuDeviceGetCount = (delegate* unmanaged<int*, CuResult>)Export(library, nameof(cuDeviceGetCount));
        cuDeviceGet = (delegate* unmanaged<int*, int, CuResult>)Export(library, nameof(cuDeviceGet));
        cuDeviceGetName = (delegate* unmanaged<byte*, int, int, CuResult>)Export(library, nameof(cuDeviceGetName));
        cuDeviceGetAttribute = (delegate* unmanaged<int*, int, int, CuResult>)Export(library, nameof(cuDeviceGetAttribute));
        cuDeviceTotalMem_v2 = (delegate* unmanaged<nuint*, int, CuResult>)Export(library, nameof(cuDeviceTotalMem_v2));
        cuDevicePrimaryCtxRetain = (delegate* unmanaged<nint*, int, CuResult>)Export(library, nameof(cuDevicePrimaryCtxRetain));
        cuDevicePrimaryCtxRelease_v2 = (delegate* unmanaged<int, CuResult>)Export(library, nameof(cuDevicePrimaryCtxRelease_v2));
        cuCtxPushCurrent_v2 = (delegate* unmanaged<nint, CuResult>)Export(library, nameof(cuCtxPushCurrent_v2));
        cuCtxPopCurrent_v2 = (delegate* unmanaged<nint*, CuResult>)Export(library, nameof(cuCtxPopCurrent_v2));
        cuCtxSynchronize = (delegate* unmanaged<CuResult>)Export(library, nameof(cuCtxSynchronize));
        cuModuleLoadDataEx = (delegate* unmanaged<nint*, void*, uint, int*, void**, CuResult>)Export(library, nameof(cuModuleLoadDataEx));
        cuModuleUnload = (delegate* unmanaged<nint, CuResult>)Export(library, nameof(cuModuleUnload));
        cuModuleGetFunction = (delegate* unmanaged<nint*, nint, byte*, CuResult>)Export(library, nameof(cuModuleGetFunction));
        cuMemAlloc_v2 = (delegate* unmanaged<ulong*, nuint, CuResult>)Export(library, nameof(cuMemAlloc_v2));
        cuMemFree_v2 = (delegate* unmanaged<ulong, CuResult>)Export(library, nameof(cuMemFree_v2));
        cuMemAllocHost_v2 = (delegate* unmanaged<void**, nuint, CuResult>)Export(library, nameof(cuMemAllocHost_v2));
        cuMemFreeHost = (delegate* unmanaged<void*, CuResult>)Export(library, nameof(cuMemFreeHost));
        cuMemcpyHtoD_v2 = (delegate* unmanaged<ulong, void*, nuint, CuResult>)Export(library, nameof(cuMemcpyHtoD_v2));
        cuMemcpyDtoH_v2 = (delegate* unmanaged<void*, ulong, nuint, CuResult>)Export(library, nameof(cuMemcpyDtoH_v2));
        cuMemcpyHtoDAsync_v2 = (delegate* unmanaged<ulong, void*, nuint, nint, CuResult>)Export(library, nameof(cuMemcpyHtoDAsync_v2));
        cuMemcpyDtoHAsync_v2 = (delegate* unmanaged<void*, ulong, nuint, nint, CuResult>)Export(library, nameof(cuMemcpyDtoHAsync_v2));
        cuMemcpyDtoDAsync_v2 = (delegate* unmanaged<ulong, ulong, nuint, nint, CuResult>)Export(library, nameof(cuMemcpyDtoDAsync_v2));
        cuMemsetD32Async = (delegate* unmanaged<ulong, uint, nuint, nint, CuResult>)Export(library, nameof(cuMemsetD32Async));
        cuStreamCreate = (delegate* unmanaged<nint*, uint, CuResult>)Export(library, nameof(cuStreamCreate));
        cuStreamDestroy_v2 = (delegate* unmanaged<nint, CuResult>)Export(library, nameof(cuStreamDestroy_v2));
        cuStreamSynchronize = (delegate* unmanaged<nint, CuResult>)Export(library, nameof(cuStreamSynchronize));
        cuEventCreate = (delegate* unmanaged<nint*, uint, CuResult>)Export(library, nameof(cuEventCreate));
        cuEventRecord = (delegate* unmanaged<nint, nint, CuResult>)Export(library, nameof(cuEventRecord));
        cuEventSynchronize = (delegate* unmanaged<nint, CuResult>)Export(library, nameof(cuEventSynchronize));
        cuEventElapsedTime = (delegate* unmanaged<float*, nint, nint, CuResult>)Export(library, nameof(cuEventElapsedTime));
        cuEventDestroy_v2 = (delegate* unmanaged<nint, CuResult>)Export(library, nameof(cuEventDestroy_v2));
        cuLaunchKernel = (delegate* unmanaged<nint, uint, uint, uint, uint, uint, uint, uint, nint, void**, void**, CuResult>)Export(library, nameof(cuLaunchKernel));
        cuGetErrorName = (delegate* unmanaged<CuResult, byte**, CuResult>)Export(library, nameof(cuGetErrorName));
        cuGetErrorString = (delegate* unmanaged<CuResult, byte**, CuResult>)Export(library, nameof(cuGetErrorString));

        expotion_emu_last_error = (delegate* unmanaged<byte*, int, int>)OptionalExport(library, nameof(expotion_emu_last_error));
        expotion_emu_is_asan = (delegate* unmanaged<int>)OptionalExport(library, nameof(expotion_emu_is_asan));
        expotion_emu_kernel_count = (delegate* unmanaged<int>)OptionalExport(library, nameof(expotion_emu_kernel_count));
        expotion_emu_kernel_name = (delegate* unmanaged<int, byte*>)OptionalExport(library, nameof(expotion_emu_kernel_name));
    }

    /// <summary>Binds every entry point from an opened library; false (with the missing name) when one is absent.</summary>
    public static bool TryBind(nint library, string name, out CudaDriverApi? api, out string reason)
    {
        try
        {
            api = new CudaDriverApi(library, name);
            reason = "";
            return true;
        }
        catch (EntryPointNotFoundException e)
        {
            api = null;
            reason = $"{name}: {e.Message}";
            return false;
        }
    }

    /// <summary>"CUDA_ERROR_X (text)" for a status, from the library itself.</summary>
    public string Describe(CuResult result)
    {
        byte* name = null, text = null;
        var n = cuGetErrorName(result, &name) == CuResult.Success && name != null ? Marshal.PtrToStringUTF8((nint)name) : null;
        var t = cuGetErrorString(result, &text) == CuResult.Success && text != null ? Marshal.PtrToStringUTF8((nint)text) : null;
        return $"{n ?? $"CUresult {(int)result}"} ({t ?? "no description"})";
    }

    /// <summary>The emulator's detail of its last failure (AddressSanitizer report, divergent barrier), or null.</summary>
    public string? LastEmulatorError()
    {
        if (expotion_emu_last_error == null) return null;
        var length = expotion_emu_last_error(null, 0);
        if (length <= 0) return null;
        var buffer = new byte[length + 1];
        fixed (byte* p = buffer)
            expotion_emu_last_error(p, buffer.Length);
        return System.Text.Encoding.UTF8.GetString(buffer, 0, length);
    }

    private static nint Export(nint library, string name) => NativeLibrary.GetExport(library, name);

    private static nint OptionalExport(nint library, string name) => NativeLibrary.TryGetExport(library, name, out var p) ? p : 0;
}
