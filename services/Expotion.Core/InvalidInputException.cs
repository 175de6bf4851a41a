namespace Expotion;

/// <summary>Bad input from a caller: mapped to gRPC InvalidArgument with the field and the reason.</summary>
public sealed class InvalidInputException(string field, string reason)
    : Exception($"{field}: {reason}")
{
    public string Field { get; } = field;
    public string Reason { get; } = reason;
}
