using Expotion.Core;
using Expotion.Kernels.Smoothing;

namespace Expotion.Smoothing.Core;

/// <summary>
/// A Gaussian centred on each grid frame, truncated at ±<c>radius</c> frames. Frame n is emitted once
/// frame n + radius has arrived, so the output lags by exactly the declared look-ahead; at the
/// stream's edges the weights are renormalised over the frames that exist.
/// </summary>
internal sealed class CentredFilter : IGridFilter
{
    private readonly ISmoother _smoother;
    private readonly int _dims, _radius;
    private readonly float[] _kernel;           // 2·radius+1 weights, centre at [radius]
    private readonly List<(long Index, float[] Values)> _window = [];
    private long _nextOut = -1;

    public CentredFilter(ISmoother smoother, int dims, double sigmaMs, int radius)
    {
        _smoother = smoother;
        _dims = dims;
        _radius = radius;
        _kernel = Weights(sigmaMs, radius);
    }

    /// <summary>The 2·radius + 1 Gaussian weights of a sigma in ms, centre at [radius] (not normalised).</summary>
    internal static float[] Weights(double sigmaMs, int radius)
    {
        var kernel = new float[2 * radius + 1];
        var sigma = Math.Max(sigmaMs / TimeGrid.PeriodMs, 1e-6);
        for (var j = -radius; j <= radius; j++)
            kernel[j + radius] = (float)Math.Exp(-0.5 * j * j / (sigma * sigma));
        return kernel;
    }

    public void Push(long index, float[] values, List<ConditionVector> output)
    {
        if (_nextOut < 0) _nextOut = index;
        _window.Add((index, values));
        while (_nextOut + _radius <= index)
            Emit(output);
    }

    public void Flush(List<ConditionVector> output)
    {
        while (_window.Count > 0 && _nextOut <= _window[^1].Index)
            Emit(output);
    }

    private void Emit(List<ConditionVector> output)
    {
        var centre = _nextOut++;
        // Drop frames that no later output can reach.
        var drop = 0;
        while (drop < _window.Count && _window[drop].Index < centre - _radius) drop++;
        _window.RemoveRange(0, drop);

        var count = 0;
        while (count < _window.Count && _window[count].Index <= centre + _radius) count++;
        var frames = new float[count * _dims];
        var weights = new float[count];
        for (var j = 0; j < count; j++)
        {
            _window[j].Values.CopyTo(frames, j * _dims);
            weights[j] = _kernel[_window[j].Index - centre + _radius];
        }
        var y = new float[_dims];
        _smoother.WeightedSum(frames, weights, _dims, y);
        output.Add(new ConditionVector(centre, TimeGrid.PtsOf(centre), y));
    }
}
