using Expotion.Kernels.Cuda;
using Expotion.Kernels.Flow;

namespace Expotion.Kernels.Tests.Flow;

// The flow and frame-op contracts on every twin: kernels/flow.cu and kernels/frame_ops.cu compiled by g++ against the
// CUDA emulation (forward order, reverse order, AddressSanitizer) and on a real GPU (skipped without one), all
// launched through the same C# CUDA path.

/// <summary>The CPU reference's scalar warp (no AVX2 gathers) gives the same bits as its default path.</summary>
public sealed class CpuScalarOpticalFlowTests : OpticalFlowContract
{
    protected override IOpticalFlow CreateFlow(FlowOptions options) => new CpuOpticalFlow(options, useAvx2: false);
}

public sealed class CpuFrameOpsTests : FrameOpsContract
{
    protected override IBatchFrameOps Ops => CpuFrameOps.Instance;
}

public abstract class CudaOpticalFlowContract : OpticalFlowContract, IDisposable
{
    private readonly List<CudaOpticalFlow> _created = [];

    protected abstract CudaDevice Device { get; }

    protected virtual KernelFloatMode Mode => KernelFloatMode.Exact;

    protected override IOpticalFlow CreateFlow(FlowOptions options)
    {
        var flow = new CudaOpticalFlow(Device, options, Mode);
        _created.Add(flow);
        return flow;
    }

    public void Dispose()
    {
        foreach (var f in _created) f.Dispose();
    }
}

public abstract class CudaFrameOpsContract : FrameOpsContract, IDisposable
{
    private CudaFrameOps? _ops;

    protected abstract CudaDevice Device { get; }

    protected virtual KernelFloatMode Mode => KernelFloatMode.Exact;

    protected override IBatchFrameOps Ops => _ops ??= new CudaFrameOps(Device, Mode);

    public void Dispose() => _ops?.Dispose();
}

/// <summary>flow.cu in emulation, a block's threads in forward order.</summary>
public sealed class EmulatedOpticalFlowForwardTests : CudaOpticalFlowContract
{
    protected override CudaDevice Device => GpuFacts.Emulator(EmulatorThreadOrder.Forward);
}

/// <summary>flow.cu in emulation, a block's threads in reverse order (a missing barrier shows here).</summary>
public sealed class EmulatedOpticalFlowReverseTests : CudaOpticalFlowContract
{
    protected override CudaDevice Device => GpuFacts.Emulator(EmulatorThreadOrder.Reverse);
}

/// <summary>flow.cu in emulation under AddressSanitizer (an out-of-bounds access fails the launch with its source line).</summary>
public sealed class EmulatedOpticalFlowAsanTests : CudaOpticalFlowContract
{
    protected override CudaDevice Device => GpuFacts.Emulator(EmulatorThreadOrder.Forward, addressSanitizer: true);
}

public sealed class EmulatedFrameOpsForwardTests : CudaFrameOpsContract
{
    protected override CudaDevice Device => GpuFacts.Emulator(EmulatorThreadOrder.Forward);
}

public sealed class EmulatedFrameOpsReverseTests : CudaFrameOpsContract
{
    protected override CudaDevice Device => GpuFacts.Emulator(EmulatorThreadOrder.Reverse);
}

public sealed class EmulatedFrameOpsAsanTests : CudaFrameOpsContract
{
    protected override CudaDevice Device => GpuFacts.Emulator(EmulatorThreadOrder.Forward, addressSanitizer: true);
}

/// <summary>flow.cu on a real GPU with --fmad=false: bit-identical to the CPU reference. Skipped without a CUDA device.</summary>
public sealed class CudaOpticalFlowExactTests : CudaOpticalFlowContract
{
    protected override CudaDevice Device => GpuFacts.RequireGpu();
}

/// <summary>flow.cu on a real GPU with NVRTC's default FMA contraction: within 1e-3 px. Skipped without a CUDA device.</summary>
public sealed class CudaOpticalFlowFastTests : CudaOpticalFlowContract
{
    protected override CudaDevice Device => GpuFacts.RequireGpu();
    protected override KernelFloatMode Mode => KernelFloatMode.Fast;
    protected override double? Tolerance => 1e-3;
}

public sealed class CudaFrameOpsExactTests : CudaFrameOpsContract
{
    protected override CudaDevice Device => GpuFacts.RequireGpu();
}

public sealed class CudaFrameOpsFastTests : CudaFrameOpsContract
{
    protected override CudaDevice Device => GpuFacts.RequireGpu();
    protected override KernelFloatMode Mode => KernelFloatMode.Fast;
    protected override double? DownscaleTolerance => 1e-5;
    protected override double? PoolTolerance => 2e-2;
}
