using Expotion.Resume;

namespace Expotion.Music.Core;

/// <summary>What the client asked for. Validated by <see cref="Validate"/>; defaults are applied by the caller's mapping.</summary>
/// <param name="Prompt">Free text: style, instruments, mood, tempo hints. Any length the message-size limit lets through is
/// accepted; the conductor reads the first <see cref="Conductor.PromptStyle.MaxChars"/> characters and says so.</param>
/// <param name="Seed">Same seed + same conditions + same prompt = same audio.</param>
/// <param name="SampleRate">Output sample rate in Hz (8000..96000).</param>
/// <param name="Channels">1 or 2 (interleaved).</param>
/// <param name="ChunkMs">Length of each audio block in milliseconds (10..1000).</param>
/// <param name="Layout">The layout of condition values (names, motion energy index).</param>
public sealed record MusicSettings(
    string Prompt,
    ulong Seed,
    int SampleRate,
    int Channels,
    int ChunkMs,
    ConditionLayout Layout)
{
    public const int DefaultSampleRate = 32000;
    public const int DefaultChannels = 2;

    public int ChunkFrames => (int)((long)SampleRate * ChunkMs / 1000);

    public long ChunkUs => ChunkMs * 1000L;

    /// <summary>
    /// The resume state of a stream of <paramref name="backend"/> with these settings: the audio is a pure function
    /// of the backend, the settings and the conditions, so the state is only proof that a resumed stream has the
    /// same ones.
    /// </summary>
    public byte[] Fingerprint(string backend)
    {
        ArgumentNullException.ThrowIfNull(backend);
        var c = System.Globalization.CultureInfo.InvariantCulture;
        return ConfigFingerprint.Of("music", backend.ToLowerInvariant(), Prompt, Seed.ToString(c),
            SampleRate.ToString(c), Channels.ToString(c), ChunkMs.ToString(c), LoudnessTargetLufs.ToString("R", c),
            Layout.SchemaId, Layout.Dims.ToString(c), Layout.MotionEnergyIndex.ToString(c), string.Join('\u001f', Layout.Names));
    }

    /// <summary>Sampling of the <c>musicgen</c> backend (its defaults when the request gives none).</summary>
    public MusicGenSampling MusicGen { get; init; } = MusicGenSampling.Default;

    /// <summary>The master bus's integrated loudness target in LUFS (<see cref="MinLoudnessLufs"/>..<see cref="MaxLoudnessLufs"/>).</summary>
    public double LoudnessTargetLufs { get; init; } = Mastering.MasterBus.DefaultTargetLufs;

    public const double MinLoudnessLufs = -30;
    public const double MaxLoudnessLufs = -6;

    public void Validate()
    {
        if (SampleRate is < 8000 or > 96000)
            throw new InvalidInputException("sample_rate", $"{SampleRate} Hz is outside 8000..96000");
        if (Channels is not (1 or 2))
            throw new InvalidInputException("channels", $"{Channels} channels; only 1 or 2 are supported");
        if (ChunkMs is < 10 or > 1000)
            throw new InvalidInputException("chunk_ms", $"{ChunkMs} ms is outside 10..1000");
        if (!(LoudnessTargetLufs >= MinLoudnessLufs && LoudnessTargetLufs <= MaxLoudnessLufs))
            throw new InvalidInputException("loudness_target_lufs", $"{LoudnessTargetLufs} LUFS is outside {MinLoudnessLufs}..{MaxLoudnessLufs}");
        Layout.Validate();
        MusicGen.Validate();
    }
}
