using System.CommandLine;
using Expotion.Cli.Bench;
using Expotion.Hosting;
using Expotion.Kernels.Benchmarks;

namespace Expotion.Cli.Commands;

/// <summary>`expotion bench`: throughput and latency figures of each stage and of the whole pipeline (and `bench load`: many live streams at once).</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var seconds = new Option<double>("--seconds") { Description = "Length of the benchmark video in seconds.", DefaultValueFactory = _ => 10 };
        var kernelsOnly = new Option<bool>("--kernels") { Description = "Only the kernels' CPU reference against naive scalar loops (ratio, GB/s)." };
        var musicgen = new Option<bool>("--musicgen") { Description = "Only the musicgen backend: decoder steps/s and real-time factor on synthetic exports, tiny and with musicgen-small's dimensions (writes ~150 MB to a temp folder; takes a minute)." };
        var strokeOnly = new Option<bool>("--stroke") { Description = "Only stroke -> first new onset heard and stop -> music quieter, at live pace with 20 ms chunks (issue 14's 80 ms target)." };
        var strokeTakes = new Option<int>("--stroke-takes") { Description = "Takes (12 s streams) of the stroke measurement.", DefaultValueFactory = _ => 3 };
        var switchOnly = new Option<bool>("--switch") { Description = "Only prompt switches at the gateway while performing (serve all in this process, 20 ms chunks, live pace): how late the chunks around a switch come against the steady ones." };
        var musicgenExport = new Option<string?>("--musicgen-export") { Description = "Only the musicgen backend on real exports: every folder under this one with a decoder_model_merged.onnx (e.g. tools/musicgen-export/musicgen_tiny.py --bench's plain, v1 and v2), steps/s and condition encoder runs." };
        var musicgenFrames = new Option<int>("--musicgen-frames") { Description = "Frames (20 ms each) to generate on the musicgen-small-sized graph.", DefaultValueFactory = _ => 12 };
        var command = new Command("bench", "Measure frames per second through vision, smoothing, music and the whole pipeline on loopback gRPC, per-frame latency at 30 fps live pace, and the kernels' CPU reference against naive loops.")
        {
            seconds, kernelsOnly, musicgen, musicgenExport, musicgenFrames, strokeOnly, strokeTakes, switchOnly, BenchLoadCommand.Create(),
        };
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(musicgenExport) is { Length: > 0 } exports)
            {
                new MusicGenBench(Console.Out).RunExports(exports, Math.Max(1, parse.GetValue(musicgenFrames)), ct);
                return 0;
            }
            if (parse.GetValue(musicgen))
            {
                new MusicGenBench(Console.Out).Run(Math.Max(1, parse.GetValue(musicgenFrames)), ct);
                return 0;
            }
            var takes = Math.Max(1, parse.GetValue(strokeTakes));
            if (parse.GetValue(strokeOnly))
            {
                await using var stages = await EmbeddedStages.StartAsync(LogLevel.Warning, ct);
                await new StrokeBench(stages.Endpoints, Console.Out).RunAsync(takes, ct);
                return 0;
            }
            if (parse.GetValue(switchOnly))
            {
                await new SwitchBench(Console.Out).RunAsync(Math.Max(8, parse.GetValue(seconds) * 2), every: 4, ct);
                return 0;
            }
            if (!parse.GetValue(kernelsOnly))
                await PipelineAsync(parse.GetValue(seconds), takes, ct);
            Console.WriteLine();
            Console.WriteLine("kernels (CPU reference vs naive scalar loops):");
            KernelBenchmark.Run(Console.Out);
            Console.WriteLine();
            FlowBenchmark.Run(Console.Out);
            return 0;
        });
        return command;
    }

    private static async Task PipelineAsync(double seconds, int strokeTakes, CancellationToken ct)
    {
        await using var stages = await EmbeddedStages.StartAsync(LogLevel.Warning, ct);
        Console.WriteLine($"expotion bench on {Environment.ProcessorCount} cores, .NET {Environment.Version}, stages on {stages.Endpoints.Vision}, {stages.Endpoints.Smoothing}, {stages.Endpoints.Music}");
        await new PipelineBench(stages.Endpoints, Console.Out).RunAsync(seconds, ct);
        Console.WriteLine();
        await new StrokeBench(stages.Endpoints, Console.Out).RunAsync(strokeTakes, ct);
    }
}
