using Microsoft.ML.OnnxRuntime;

namespace Expotion.Music.MusicGen;

/// <summary>A run stopped through <c>RunOptions.Terminate</c> surfaces as cancellation, not as an ONNX Runtime error.</summary>
internal static class OrtRun
{
    /// <summary>Runs <paramref name="session"/> on what <paramref name="binding"/> holds; cancellation terminates the run.</summary>
    public static IDisposableReadOnlyCollection<OrtValue> WithBinding(InferenceSession session, OrtIoBinding binding, CancellationToken cancellationToken)
    {
        using var options = new RunOptions();
        using var registration = cancellationToken.Register(() => options.Terminate = true);
        return Cancellable(() =>
        {
            session.RunWithBinding(options, binding);
            return binding.GetOutputValues();
        }, cancellationToken);
    }

    public static T Cancellable<T>(Func<T> run, CancellationToken cancellationToken)
    {
        try
        {
            var result = run();
            if (cancellationToken.IsCancellationRequested)
            {
                (result as IDisposable)?.Dispose();
                throw new OperationCanceledException(cancellationToken);
            }
            return result;
        }
        catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
    }
}
