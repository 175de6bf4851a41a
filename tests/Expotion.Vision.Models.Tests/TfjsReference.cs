using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Expotion.Vision.Models.Tests;

/// <summary>
/// Runs an original TF.js model with the official TensorFlow.js packages in Node (<c>tfjs-reference/reference.mjs</c>,
/// wasm backend, or the pure-JS cpu backend when <c>EXPOTION_TFJS_BACKEND=cpu</c>) and returns its outputs.
/// </summary>
internal static class TfjsReference
{
    public static string Backend => Environment.GetEnvironmentVariable("EXPOTION_TFJS_BACKEND") is { Length: > 0 } b ? b : "wasm";

    public static void Require()
    {
        var modules = Path.Combine(TestAssets.ReferenceDirectory, "node_modules", "@tensorflow", "tfjs-backend-wasm");
        Assert.SkipUnless(Directory.Exists(modules), $"{modules} missing: run scripts/setup-vision-models.sh (npm ci)");
    }

    /// <summary>Runs <paramref name="model"/> on each input; returns per input the outputs (in the order of
    /// <paramref name="outputs"/>) and the best time in ms.</summary>
    public static async Task<List<(float[][] Outputs, double Ms)>> RunAsync(string model, string inputName, string dtype,
        long[] shape, IReadOnlyList<Array> inputs, IReadOnlyList<string> outputs, CancellationToken cancellationToken)
    {
        Require();
        var dir = Directory.CreateTempSubdirectory("expotion-tfjs-");
        try
        {
            var runs = new JsonArray();
            for (var i = 0; i < inputs.Count; i++)
            {
                var file = Path.Combine(dir.FullName, $"in{i}.bin");
                await File.WriteAllBytesAsync(file, inputs[i] switch
                {
                    float[] f => MemoryMarshal.AsBytes(f.AsSpan()).ToArray(),
                    int[] n => MemoryMarshal.AsBytes(n.AsSpan()).ToArray(),
                    _ => throw new ArgumentException("float[] or int[]"),
                }, cancellationToken);
                runs.Add(new JsonObject
                {
                    ["model"] = model,
                    ["inputs"] = new JsonObject { [inputName] = new JsonObject { ["dtype"] = dtype, ["shape"] = new JsonArray([.. shape.Select(s => (JsonNode)s)]), ["file"] = file } },
                    ["outputs"] = new JsonArray([.. outputs.Select(o => (JsonNode)o)]),
                    ["out"] = Path.Combine(dir.FullName, $"out{i}"),
                    ["repeats"] = 3,
                });
            }
            var job = Path.Combine(dir.FullName, "job.json");
            await File.WriteAllTextAsync(job, new JsonObject { ["backend"] = Backend, ["runs"] = runs }.ToJsonString(), cancellationToken);

            var psi = new ProcessStartInfo("node", [Path.Combine(TestAssets.ReferenceDirectory, "reference.mjs"), job])
            {
                RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = TestAssets.ReferenceDirectory,
            };
            using var process = Process.Start(psi)!;
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"tfjs reference failed ({process.ExitCode}): {await stderr}");

            var lines = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var result = new List<(float[][], double)>();
            for (var i = 0; i < inputs.Count; i++)
            {
                var ms = JsonDocument.Parse(lines[i]).RootElement.GetProperty("ms").GetDouble();
                var outs = new float[outputs.Count][];
                for (var k = 0; k < outputs.Count; k++)
                    outs[k] = MemoryMarshal.Cast<byte, float>(await File.ReadAllBytesAsync(Path.Combine(dir.FullName, $"out{i}.{k}.bin"), cancellationToken)).ToArray();
                result.Add((outs, ms));
            }
            return result;
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
