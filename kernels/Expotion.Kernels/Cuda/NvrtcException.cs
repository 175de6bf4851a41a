namespace Expotion.Kernels.Cuda;

/// <summary>NVRTC failed; for a compile error, <see cref="Log"/> holds the whole compiler log.</summary>
public sealed class NvrtcException(int result, string call, string description, string log = "")
    : Exception($"{call} failed: {description}" + (string.IsNullOrWhiteSpace(log) ? "" : $"\n{log}"))
{
    public int Result { get; } = result;

    public string Call { get; } = call;

    public string Log { get; } = log;
}
