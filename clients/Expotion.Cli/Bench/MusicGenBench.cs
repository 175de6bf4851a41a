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

    private void Measure(string root, string label, SyntheticModelSpec spec, int frames, bool cache, CancellationToken ct)
    {
        var dir = Path.Combine(root, Guid.NewGuid().ToString("N"));
        SyntheticModel.Write(dir, spec);
        var options = new MusicGenOptions { ModelDir = dir, UseKvCache = cache, TryCuda = false };
        var load = Stopwatch.StartNew();
        using var model = MusicGenModel.Load(options);
        load.Stop();

        var store = new ConditionStore();
        var dims = Math.Max(1, spec.ConditionDims);
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
            $"{decode.Elapsed.TotalMilliseconds / decoder.Steps,8:F2} {codec.Elapsed.TotalMilliseconds / audioSeconds,10:F1} {total.TotalSeconds / audioSeconds,7:F3}");
    }
}
