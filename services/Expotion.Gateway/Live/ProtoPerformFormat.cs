using Expotion.Core;
using Expotion.Gateway.Core;
using Expotion.V1;

namespace Expotion.Gateway.Live;

/// <summary>The Perform protos as <see cref="PerformSession{TConfig, TFrame, TOutput}"/> reads and moves them.</summary>
public sealed class ProtoPerformFormat : IPerformFormat<PerformConfig, VideoFrame, PerformResponse>
{
    public static ProtoPerformFormat Instance { get; } = new();

    public long ChunkUs(PerformConfig config) => (config.Music?.ChunkMs is > 0 and var ms ? ms : ChunkLength.DefaultMs) * 1000L;

    public PerformConfig WithPrompt(PerformConfig config, string prompt)
    {
        var next = config.Clone();
        next.Music ??= new GenerateConfig();
        if (prompt.Length > 0) next.Music.Prompt = prompt;
        return next;
    }

    public long PtsOf(VideoFrame frame) => frame.PtsUs;

    public VideoFrame Earlier(VideoFrame frame, long byUs)
    {
        var moved = frame.Clone();
        moved.PtsUs -= byUs;
        return moved;
    }

    public PerformOutputKind KindOf(PerformResponse output) => output.KindCase switch
    {
        PerformResponse.KindOneofCase.Schema => PerformOutputKind.Schema,
        PerformResponse.KindOneofCase.Features => PerformOutputKind.Features,
        PerformResponse.KindOneofCase.Condition => PerformOutputKind.Condition,
        PerformResponse.KindOneofCase.Audio => PerformOutputKind.Audio,
        PerformResponse.KindOneofCase.Event => PerformOutputKind.Event,
        PerformResponse.KindOneofCase.Summary => PerformOutputKind.Summary,
        _ => PerformOutputKind.Other,
    };

    public long PtsOf(PerformResponse output) => output.KindCase switch
    {
        PerformResponse.KindOneofCase.Features => output.Features.PtsUs,
        PerformResponse.KindOneofCase.Condition => output.Condition.PtsUs,
        PerformResponse.KindOneofCase.Audio => output.Audio.PtsUs,
        PerformResponse.KindOneofCase.Event => output.Event.PtsUs,
        _ => 0,
    };

    public int AudioFramesOf(PerformResponse output) => output.KindCase == PerformResponse.KindOneofCase.Audio ? output.Audio.Frames : 0;

    public void Later(PerformResponse output, TimeShift shift)
    {
        switch (output.KindCase)
        {
            case PerformResponse.KindOneofCase.Features: output.Features.PtsUs += shift.Us; break;
            case PerformResponse.KindOneofCase.Condition:
                output.Condition.PtsUs += shift.Us;
                output.Condition.Index += shift.GridPoints;
                break;
            case PerformResponse.KindOneofCase.Audio: output.Audio.PtsUs += shift.Us; break;
            case PerformResponse.KindOneofCase.Event: output.Event.PtsUs += shift.Us; break;
        }
    }
}
