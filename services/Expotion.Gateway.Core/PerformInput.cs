namespace Expotion.Gateway.Core;

public enum PerformInputKind { Frame, Update, Report, End }

/// <summary>What a performing client sends after its config: a frame, a prompt update, a playback report or the end.</summary>
public readonly record struct PerformInput<TFrame>(PerformInputKind Kind, TFrame? Frame = default, string? Prompt = null)
{
    public static PerformInput<TFrame> OfFrame(TFrame frame) => new(PerformInputKind.Frame, frame);

    /// <param name="prompt">The new prompt; empty keeps the current one.</param>
    public static PerformInput<TFrame> OfUpdate(string prompt) => new(PerformInputKind.Update, Prompt: prompt);

    public static PerformInput<TFrame> Report { get; } = new(PerformInputKind.Report);
    public static PerformInput<TFrame> End { get; } = new(PerformInputKind.End);
}
