using Expotion.Core;
using Expotion.Gateway.Core;

namespace Expotion.Gateway.Tests;

public sealed record Config(string Prompt, long ChunkUs = 100_000);

public sealed record Frame(long PtsUs);

public sealed class Output(PerformOutputKind kind, long ptsUs, string prompt, long index = 0, int frames = 0)
{
    public PerformOutputKind Kind { get; } = kind;
    public long PtsUs { get; set; } = ptsUs;
    public long Index { get; set; } = index;
    public int Frames { get; } = frames;
    public string Prompt { get; } = prompt;
    public override string ToString() => $"{Kind} {PtsUs} #{Index} '{Prompt}'";
}

/// <summary>
/// A pipeline small enough to reason about: a schema first; per frame, the condition on the grid point at the
/// frame's time, an audio chunk starting there and an event; after the last frame one more (release tail) chunk,
/// then the summary. Every output is tagged with the segment's prompt.
/// </summary>
public sealed class EchoPipeline : IPerformer<Config, Frame, Output>
{
    public List<string> Opened { get; } = [];

    public async IAsyncEnumerable<Output> PerformAsync(Config config, IAsyncEnumerable<Frame> frames, DateTime? deadline,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        lock (Opened) Opened.Add(config.Prompt);
        yield return new Output(PerformOutputKind.Schema, 0, config.Prompt);
        long last = -1;
        await foreach (var frame in frames.WithCancellation(cancellationToken))
        {
            yield return new Output(PerformOutputKind.Condition, frame.PtsUs, config.Prompt, TimeGrid.FloorIndex(frame.PtsUs));
            yield return new Output(PerformOutputKind.Audio, frame.PtsUs, config.Prompt, frames: 10);
            yield return new Output(PerformOutputKind.Event, frame.PtsUs, config.Prompt);
            last = frame.PtsUs;
        }
        if (last >= 0) yield return new Output(PerformOutputKind.Audio, last + config.ChunkUs, config.Prompt, frames: 10);
        yield return new Output(PerformOutputKind.Summary, 0, config.Prompt);
    }
}

public sealed class EchoFormat : IPerformFormat<Config, Frame, Output>
{
    public long ChunkUs(Config config) => config.ChunkUs;
    public Config WithPrompt(Config config, string prompt) => prompt.Length > 0 ? config with { Prompt = prompt } : config;
    public long PtsOf(Frame frame) => frame.PtsUs;
    public Frame Earlier(Frame frame, long byUs) => new(frame.PtsUs - byUs);
    public PerformOutputKind KindOf(Output output) => output.Kind;
    public long PtsOf(Output output) => output.PtsUs;
    public int AudioFramesOf(Output output) => output.Frames;

    public void Later(Output output, TimeShift shift)
    {
        output.PtsUs += shift.Us;
        if (output.Kind == PerformOutputKind.Condition) output.Index += shift.GridPoints;
    }
}
