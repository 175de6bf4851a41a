using System.Runtime.InteropServices;
using Expotion.Core;
using Expotion.Music.Core;
using Expotion.V1;
using Google.Protobuf;

namespace Expotion.Music.Grpc;

/// <summary>proto ↔ domain for the music stage, with the protocol's defaults applied.</summary>
public static class MusicMapping
{
    public static MusicSettings ToDomain(this GenerateConfig config)
    {
        if (config.Schema is null || config.Schema.Dims <= 0)
            throw new InvalidInputException("config.schema.dims", "the config must name the condition schema and its dims (> 0)");
        var layout = new ConditionLayout(config.Schema.Id, config.Schema.Dims, config.Schema.Names.ToArray(),
            config.Schema.MotionEnergyIndex == 0 && config.Schema.Names.Count == 0 ? -1 : config.Schema.MotionEnergyIndex);
        return new MusicSettings(
            config.Prompt,
            config.Seed,
            config.SampleRate == 0 ? MusicSettings.DefaultSampleRate : config.SampleRate,
            config.Channels == 0 ? MusicSettings.DefaultChannels : config.Channels,
            config.ChunkMs == 0 ? ChunkLength.DefaultMs : config.ChunkMs,
            layout)
        {
            MusicGen = config.Musicgen.ToDomain(),
            LoudnessTargetLufs = config.LoudnessTargetLufs == 0 ? Core.Mastering.MasterBus.DefaultTargetLufs : config.LoudnessTargetLufs,
        };
    }

    /// <summary>MusicGen sampling with the protocol's defaults (a zero field = MusicGen's default).</summary>
    public static MusicGenSampling ToDomain(this MusicGenOptions? options)
    {
        var d = MusicGenSampling.Default;
        if (options is null) return d;
        return new MusicGenSampling(
            options.GuidanceScale == 0 ? d.GuidanceScale : options.GuidanceScale,
            options.TopK == 0 ? d.TopK : options.TopK,
            options.TopP,
            options.Temperature == 0 ? d.Temperature : options.Temperature);
    }

    public static Condition ToDomain(this ConditionFrame frame)
    {
        var values = new float[frame.Values.Count];
        frame.Values.CopyTo(values, 0);
        return new Condition(frame.Index, frame.PtsUs, values);
    }

    public static GenerateResponse ToProto(this MusicOutput output, AudioEncoding encoding) => output switch
    {
        AudioBlock a => new GenerateResponse { Audio = a.ToChunk(encoding) },
        _ => new GenerateResponse { Event = output.ToEvent() },
    };

    public static AudioChunk ToChunk(this AudioBlock block, AudioEncoding encoding)
    {
        ByteString data;
        if (encoding == AudioEncoding.PcmS16Le)
        {
            var pcm = new short[block.Samples.Length];
            for (var i = 0; i < pcm.Length; i++)
                pcm[i] = (short)Math.Round(Math.Clamp(block.Samples[i], -1f, 1f) * short.MaxValue);
            data = UnsafeByteOperations.UnsafeWrap(MemoryMarshal.AsBytes(pcm.AsSpan()).ToArray());
        }
        else
        {
            data = UnsafeByteOperations.UnsafeWrap(MemoryMarshal.AsBytes(block.Samples.AsSpan()).ToArray());
        }
        return new AudioChunk
        {
            PtsUs = block.PtsUs, SampleRate = block.SampleRate, Channels = block.Channels,
            Encoding = encoding, Frames = block.Frames, Data = data,
        };
    }

    public static MusicEvent ToEvent(this MusicOutput output)
    {
        var e = new MusicEvent { PtsUs = output.PtsUs };
        switch (output)
        {
            case BeatEvent b:
                e.Beat = new V1.Beat { Index = b.Index, Bar = b.Bar, BeatInBar = b.BeatInBar, Downbeat = b.Downbeat, Accent = b.Accent };
                break;
            case TempoEvent t:
                e.Tempo = new V1.Tempo { Bpm = t.Bpm, Confidence = t.Confidence, Source = t.Source };
                break;
            case ChordEvent c:
                e.Chord = new V1.Chord { Name = c.Name, RootMidi = c.RootMidi, Notes = { c.Notes } };
                break;
            case StyleEvent s:
                e.Style = new V1.Style { Name = s.Name, Reason = s.Reason, Key = s.Key };
                break;
            case DynamicsEvent d:
                e.Dynamics = new V1.Dynamics { Energy = d.Energy, Velocity = d.Velocity, Density = d.Density };
                break;
            default:
                throw new InvalidOperationException($"no proto mapping for {output.GetType().Name}");
        }
        return e;
    }
}
