namespace Expotion.Kernels.Flow;

/// <summary>Whole-frame means of a pooled flow field, in the units <see cref="GridPooler.Pool"/> was given.</summary>
public readonly record struct FlowSummary(float MeanDx, float MeanDy, float MeanMagnitude);
