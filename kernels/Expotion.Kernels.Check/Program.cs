// Expotion.Kernels.Check [--tiny] [--no-bandwidth] [--emulate] [--cpu-bench] [--flow-bench]
// Runs Benchmarks/GpuCheck on CUDA device 0 (or, with --emulate, on the CPU emulation) and prints Markdown;
// --cpu-bench runs the CPU benchmark (Benchmarks/KernelBenchmark) and the CPU flow timings first; --flow-bench only
// the CPU flow timings, then exits.
// Exit code: 0 all parity rows pass, 1 a parity row failed, 2 no device.
using Expotion.Kernels.Benchmarks;
using Expotion.Kernels.Cuda;

var tiny = args.Contains("--tiny");
var options = tiny ? GpuCheck.Options.Tiny : GpuCheck.Options.Default;
if (args.Contains("--no-bandwidth")) options = options with { Bandwidth = false };

var flowBench = args.Contains("--flow-bench");
if (args.Contains("--cpu-bench") || flowBench)
{
    if (!flowBench)
    {
        KernelBenchmark.Run(Console.Out, tiny ? KernelBenchmark.Options.Tiny : KernelBenchmark.Options.Default);
        Console.WriteLine();
    }
    foreach (var (w, h, ms) in GpuCheck.CpuFlowTimings(tiny ? [(32, 24)] : [(160, 120), (320, 240), (640, 480)]))
        Console.WriteLine($"CPU reference optical flow {w}x{h}, default options, one thread: {ms:F2} ms per pair");
    Console.WriteLine();
    if (flowBench) return 0;
}

CudaDevice? device;
string reason;
var opened = args.Contains("--emulate")
    ? CudaDevice.TryOpenEmulator(EmulatorThreadOrder.Forward, out device, out reason)
    : CudaDevice.TryOpen(0, out device, out reason);
if (!opened || device is null)
{
    Console.Error.WriteLine($"no device: {reason}");
    return 2;
}

CudaDevice.TryOpenEmulator(EmulatorThreadOrder.Reverse, out var emulator, out var noEmulator);
if (emulator is null) Console.Error.WriteLine($"(no emulation parity: {noEmulator})");
var pass = GpuCheck.Run(device, Console.Out, options, emulator);
return pass ? 0 : 1;
