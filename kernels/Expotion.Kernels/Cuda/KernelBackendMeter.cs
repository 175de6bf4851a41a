using System.Diagnostics.Metrics;

namespace Expotion.Kernels.Cuda;

/// <summary>Meter <c>Expotion.Kernels</c>: the gauge <c>expotion.kernels.backend</c>, 1 for the backend in use (label cpu, cuda or emulated).</summary>
public sealed class KernelBackendMeter : IDisposable
{
    public const string MeterName = "Expotion.Kernels";

    private readonly Meter _meter = new(MeterName);

    public KernelBackendMeter(KernelBackend backend)
    {
        ArgumentNullException.ThrowIfNull(backend);
        var kind = backend.Kind;
        _meter.CreateObservableGauge("expotion.kernels.backend", () => new Measurement<int>(1, new KeyValuePair<string, object?>("expotion.kernels.backend", kind)),
            "{backend}", "The kernel backend in use: 1, labelled cpu, cuda or emulated");
    }

    public void Dispose() => _meter.Dispose();
}
