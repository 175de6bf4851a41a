namespace Expotion;

/// <summary>A configured limit was hit: mapped to gRPC ResourceExhausted with the limit's name and value.</summary>
public sealed class LimitExceededException(string limit, string detail)
    : Exception($"{limit}: {detail}")
{
    public string Limit { get; } = limit;
    public string Detail { get; } = detail;
}
