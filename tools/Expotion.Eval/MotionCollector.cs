using Expotion.V1;

namespace Expotion.Eval;

/// <summary>Collects the motion energy of feature frames (found by name through the schema, never by a fixed index).</summary>
public sealed class MotionCollector
{
    private int _index = -1;
    private readonly List<double> _times = [];
    private readonly List<float> _energy = [];

    public void Schema(FeatureSchema schema)
    {
        _index = schema.MotionEnergyIndex >= 0 ? schema.MotionEnergyIndex : schema.Names.IndexOf("motion_energy");
        if (_index < 0) throw new InvalidOperationException($"the feature schema '{schema.Id}' has no motion_energy");
    }

    public void Add(FeatureFrame frame)
    {
        if (_index < 0) throw new InvalidOperationException("features arrived before the schema");
        _times.Add(frame.PtsUs / 1e6);
        _energy.Add(_index < frame.Values.Count ? frame.Values[_index] : 0);
    }

    public MotionTrack Analyze() => MotionTrack.Analyze(_times, _energy);
}
