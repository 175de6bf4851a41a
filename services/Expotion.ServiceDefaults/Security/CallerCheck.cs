namespace Expotion.ServiceDefaults.Security;

/// <summary>
/// The outcome of checking a caller's credentials. <see cref="Caller"/> names the credential that matched
/// (e.g. "bearer token #1", never the secret itself) or is null when auth is off; <see cref="Reason"/>
/// says why a refused call was refused.
/// </summary>
public readonly record struct CallerCheck(bool Accepted, string? Caller, string Reason)
{
    public static CallerCheck Open { get; } = new(true, null, "auth is off");

    public static CallerCheck As(string caller) => new(true, caller, "");

    public static CallerCheck Refused(string reason) => new(false, null, reason);
}
