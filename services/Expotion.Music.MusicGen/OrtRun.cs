using Microsoft.ML.OnnxRuntime;

namespace Expotion.Music.MusicGen;

/// <summary>A run stopped through <c>RunOptions.Terminate</c> surfaces as cancellation, not as an ONNX Runtime error.</summary>
internal static class OrtRun
{
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
