using System.Runtime.InteropServices;
using Expotion.V1;

namespace Expotion.Reliability.Tests;

/// <summary>
/// A deterministic music stream for the tests: a config with a fixed seed, and conditions of a performer
/// moving in strokes at 2 Hz (so that the conductor locks a tempo and plays its parts); plus what a stream
/// returned, as the samples and the events a listener would get.
/// </summary>
internal static class MusicTake
{
    public const int SampleRate = 32000;
    public const int Channels = 2;
    public const int ChunkMs = 100;

    public static GenerateConfig Config(ulong seed = 42) => new()
    {
        Prompt = "upbeat funk with bass and drums",
        Seed = seed,
        SampleRate = SampleRate,
        Channels = Channels,
        ChunkMs = ChunkMs,
        Encoding = AudioEncoding.PcmF32Le,
        Schema = new FeatureSchema { Id = "test.motion", Dims = 2, Names = { "motion_energy", "spread" }, MotionEnergyIndex = 0 },
    };

    /// <summary>Condition <paramref name="index"/> of the script: strokes at 2 Hz, stronger every fourth.</summary>
    public static ConditionFrame Condition(long index)
    {
        var t = index / 50.0;
        var stroke = Math.Pow(Math.Max(0, Math.Sin(2 * Math.PI * 2 * t)), 4);
        var accent = index / 25 % 4 == 0 ? 1.0 : 0.6;
        return new ConditionFrame
        {
            Index = index, PtsUs = index * 20_000,
            Values = { (float)(0.02 + 0.4 * accent * stroke), (float)(0.5 + 0.3 * Math.Sin(t)) },
        };
    }
}

/// <summary>What a stream returned: interleaved float samples in order, chunk times, and events as text.</summary>
internal sealed class TakeRecording
{
    public List<float> Samples { get; } = [];
    public List<long> ChunkPts { get; } = [];
    public List<string> Events { get; } = [];

    public void Add(GenerateResponse response)
    {
        switch (response.KindCase)
        {
            case GenerateResponse.KindOneofCase.Audio:
                ChunkPts.Add(response.Audio.PtsUs);
                Samples.AddRange(MemoryMarshal.Cast<byte, float>(response.Audio.Data.Span).ToArray());
                break;
            case GenerateResponse.KindOneofCase.Event:
                Events.Add(response.Event.ToString());
                break;
        }
    }
}
