using Expotion.Kernels.Interop;

namespace Expotion.Kernels.Cuda;

/// <summary>A CUDA driver call failed: names the call, the CUresult and its text (and, in emulation, the detail).</summary>
public sealed class CudaException : Exception
{
    public CudaException(CuResult result, string call, string description, string? detail = null)
        : base($"{call} failed: {description}" + (string.IsNullOrEmpty(detail) ? "" : $"\n{detail}"))
    {
        Result = result;
        Call = call;
        Detail = detail;
    }

    public CuResult Result { get; }

    /// <summary>The source text of the failing call, e.g. <c>cuMemAlloc_v2(&amp;pointer, bytes)</c>.</summary>
    public string Call { get; }

    /// <summary>The emulator's report for the failure (AddressSanitizer, divergent barrier), when there is one.</summary>
    public string? Detail { get; }

    /// <summary>True when the device ran out of memory (mapped to ResourceExhausted by the services).</summary>
    public bool IsOutOfMemory => Result == CuResult.OutOfMemory;
}
