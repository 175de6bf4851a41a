using Expotion.Client.Media;
using Grpc.Core;

namespace Expotion.Cli.Commands;

/// <summary>How `compose` and `perform` report a failure: one line on stderr, and the exit code (2 bad input, 1 a service's
/// answer, 130 cancelled).</summary>
internal static class CommandErrors
{
    /// <summary>Reports <paramref name="ex"/> and returns the exit code; null for an exception that is not an answer to report (it propagates).</summary>
    public static int? Report(Exception ex, CancellationToken ct)
    {
        var (line, code) = ex switch
        {
            MediaException => (ex.Message, 2),
            InvalidInputException => ($"invalid input: {ex.Message}", 2),
            LimitExceededException => (ex.Message, 2),
            RpcException { StatusCode: StatusCode.InvalidArgument } rpc => ($"invalid input: {rpc.Status.Detail}", 2),
            RpcException rpc => ($"{rpc.StatusCode}: {rpc.Status.Detail}", 1),
            OperationCanceledException when ct.IsCancellationRequested => ("cancelled", 130),
            _ => ((string?)null, 0),
        };
        if (line is null) return null;
        Console.Error.WriteLine($"expotion: {line}");
        return code;
    }
}
