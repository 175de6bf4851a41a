namespace Expotion.Kernels.Cuda;

/// <summary>PTX compiled by NVRTC from one kernel source, with the options used and the compiler log (warnings).</summary>
public sealed record PtxProgram(string SourceName, string Architecture, string Options, string Ptx, string Log)
{
    /// <summary>True when the PTX declares <paramref name="entryPoint"/> as a kernel (<c>.entry NAME(</c>).</summary>
    public bool DeclaresEntry(string entryPoint) =>
        System.Text.RegularExpressions.Regex.IsMatch(Ptx, $@"\.entry\s+{System.Text.RegularExpressions.Regex.Escape(entryPoint)}\s*\(");
}
