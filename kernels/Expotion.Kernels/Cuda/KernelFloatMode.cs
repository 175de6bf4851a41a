namespace Expotion.Kernels.Cuda;

/// <summary>How NVRTC compiles floating point.</summary>
public enum KernelFloatMode
{
    /// <summary>NVRTC's default: a·b + c may fuse into one FMA (one rounding instead of two).</summary>
    Fast,

    /// <summary><c>--fmad=false</c>: every + − × ÷ sqrt rounds on its own, as on the CPU (bit-exact parity).</summary>
    Exact,
}
