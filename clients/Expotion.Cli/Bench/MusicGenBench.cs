using System.Diagnostics;
using Expotion.Core;
using Expotion.Music.Core;
using Expotion.Music.MusicGen;
using Expotion.Music.MusicGen.Synthetic;

namespace Expotion.Cli.Bench;

/// <summary>
/// `expotion bench --musicgen`: decoder steps per second and real-time factor of the musicgen backend on synthetic
/// exports (random weights, real signatures) written to a temp folder and deleted after: the tiny test graphs, and one
/// with musicgen-small's decoder dimensions, so that a user can see the speed to expect before obtaining weights.
/// </summary>
internal sealed class MusicGenBench(TextWriter output)
{
    public void Run(int bigFrames, CancellationToken ct)
    {
        var root = Directory.CreateTempSubdirectory("expotion-musicgen-bench-").FullName;
        try
        {
            output.WriteLine($"musicgen backend on synthetic exports ({Environment.ProcessorCount} cores; ONNX Runtime, KV cache through IO binding); random weights, so figures are speed only");
            output.WriteLine($"{"graph",-44} {"load s",7} {"frames",7} {"steps",6} {"steps/s",8} {"ms/step",8} {"codec ms/s",10} {"RTF",7}");
            Measure(root, "tiny (2 layers, hidden 16, 2 heads)", SyntheticModelSpec.Tiny(), frames: 250, cache: true, ct);
            Measure(root, "tiny, no KV cache (window rerun per step)", SyntheticModelSpec.Tiny(), frames: 250, cache: false, ct);
            Measure(root, "tiny + adaptor v1 (D = 6)", SyntheticModelSpec.Tiny(6), frames: 250, cache: true, ct);
            Measure(root, "musicgen-small dims (24 x 1024, 16 heads)", SyntheticModelSpec.MusicGenSmall(), frames: bigFrames, cache: true, ct);
            output.WriteLine("RTF = wall time / audio time (below 1 = faster than real time). steps = frames + 3 (the delay pattern's tail: the last frame's codebook 3 comes 3 steps after its codebook 0).");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>
    /// Real exports (every folder under <paramref name="root"/> with a decoder graph), offline view (look-ahead of a
    /// window, so the v2 condition encoder runs once per window): steps/s and how often the condition encoder ran.
    /// </summary>
    public void RunExports(string root, int frames, CancellationToken ct)
    {
        output.WriteLine($"musicgen backend on the exports under {root} ({Environment.ProcessorCount} cores; CPU provider), {frames} frames, window 500 / stride 250, look-ahead 500");
        output.WriteLine($"{"export",-44} {"load s",7} {"frames",7} {"steps",6} {"steps/s",8} {"ms/step",8} {"codec ms/s",10} {"RTF",7} {"encoder runs",12}");
        foreach (var dir in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
        {
            if (!File.Exists(Path.Combine(dir, ModelDirectory.DecoderFile))) continue;
            Measure(dir, Path.GetFileName(dir), frames, new MusicGenOptions { ModelDir = dir, TryCuda = false, ConditionLookaheadFrames = 500 }, withRuns: true, ct);
        }
    }

    private void Measure(string root, string label, SyntheticModelSpec spec, int frames, bool cache, CancellationToken ct)
    {
        var dir = Path.Combine(root, Guid.NewGuid().ToString("N"));
        SyntheticModel.Write(dir, spec);
        Measure(dir, label, frames, new MusicGenOptions { ModelDir = dir, UseKvCache = cache, TryCuda = false }, withRuns: false, ct);
    }

    private void Measure(string dir, string label, int frames, MusicGenOptions options, bool withRuns, CancellationToken ct)
    {
        var load = Stopwatch.StartNew();
        using var model = MusicGenModel.Load(options);
        load.Stop();

        var store = new ConditionStore();
        var dims = Math.Max(1, model.Signature.ConditionDims);
        for (var i = 0; i < frames; i++)
            store.Add(new Condition(i, i * TimeGrid.PeriodUs, Enumerable.Range(0, dims).Select(d => MathF.Sin(i * 0.1f + d)).ToArray()));

        var text = TextConditioning.Encode(model, "calm jazz piano", ct);
        using var decoder = new MusicGenDecoder(model, text, MusicGenSampling.Default, 1, options);
        var finished = new List<int[]>();
        var decode = Stopwatch.StartNew();
        while (decoder.TryStep(store, ended: true, finished, ct)) { }
        decode.Stop();
        var codec = Stopwatch.StartNew();
        new CodecDecoder(model).Decode(finished, 0, finished.Count, ct);
        codec.Stop();

        var audioSeconds = (double)frames / TimeGrid.RateHz;
        var total = decode.Elapsed + codec.Elapsed;
        output.WriteLine($"{label,-44} {load.Elapsed.TotalSeconds,7:F2} {frames,7} {decoder.Steps,6} {decoder.Steps / decode.Elapsed.TotalSeconds,8:F1} " +
            $"{decode.Elapsed.TotalMilliseconds / decoder.Steps,8:F2} {codec.Elapsed.TotalMilliseconds / audioSeconds,10:F1} {total.TotalSeconds / audioSeconds,7:F3}" +
            (withRuns ? $" {decoder.PrefixRuns,12}" : ""));
    }
}
