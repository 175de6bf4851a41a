using Expotion.Core;
using Expotion.Kernels.Smoothing;

namespace Expotion.Smoothing.Core;

/// <summary>One-pole exponential smoothing on the grid; emits each frame as it arrives (no look-ahead).</summary>
internal sealed class CausalFilter(ISmoother smoother, double timeConstantMs) : IGridFilter
{
    private readonly float _alpha = Alpha(timeConstantMs);
    private float[]? _state;

    public void Push(long index, float[] values, List<ConditionVector> output)
    {
        if (_state is null)
            _state = (float[])values.Clone();
        else
            smoother.ExponentialStep(_state, values, _alpha);
        output.Add(new ConditionVector(index, TimeGrid.PtsOf(index), (float[])_state.Clone()));
    }

    public void Flush(List<ConditionVector> output) { }

    /// <summary>The filter's coefficient per 50 Hz grid frame for a time constant (0 = no smoothing).</summary>
    internal static float Alpha(double timeConstantMs) => timeConstantMs <= 0 ? 1f : (float)(1 - Math.Exp(-TimeGrid.PeriodMs / timeConstantMs));
}
