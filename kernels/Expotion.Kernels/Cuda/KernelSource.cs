using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Expotion.Kernels.Cuda;

/// <summary>One <c>kernels/*.cu</c> file, embedded in this assembly; <see cref="EntryPoints"/> are its extern "C" kernels.</summary>
public sealed partial record KernelSource(string Name, string Text)
{
    /// <summary>SHA-256 of the text, hex: the PTX cache key (with the architecture and options).</summary>
    public string Hash { get; } = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Text)));

    public IReadOnlyList<string> EntryPoints { get; } = EntryPattern().Matches(Text).Select(m => m.Groups[1].Value).ToArray();

    [GeneratedRegex(@"extern\s+""C""\s+__global__\s+void\s+(\w+)\s*\(")]
    private static partial Regex EntryPattern();
}
