namespace Expotion.Music.MusicGen;

/// <summary>
/// Turns finished frames into audio in pieces rather than at the end: every <see cref="MusicGenOptions.StreamFrames"/>
/// frames it decodes the new frames together with <see cref="MusicGenOptions.ContextFrames"/> earlier ones (so the
/// codec has context where pieces meet), and crossfades the held-back tail of the previous piece into the new decode
/// over <see cref="MusicGenOptions.CrossfadeMs"/>. Samples come out contiguous from 0, 32 kHz mono.
/// </summary>
public sealed class AudioStreamer(CodecDecoder codec, MusicGenOptions options)
{
    private readonly List<int[]> _frames = [];
    private readonly int _fade = options.CrossfadeMs * MusicGenModel.SampleRate / 1000;
    private float[] _tail = [];
    private int _decodedFrames;

    /// <summary>Samples handed out so far.</summary>
    public long Emitted { get; private set; }

    /// <summary>Codec runs so far.</summary>
    public int Decodes { get; private set; }

    /// <summary>Adds finished frames; returns the samples now ready (empty until a whole piece is finished).</summary>
    public float[] Add(IReadOnlyList<int[]> frames, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(frames);
        _frames.AddRange(frames);
        return _frames.Count - _decodedFrames >= options.StreamFrames ? DecodeNew(final: false, cancellationToken) : [];
    }

    /// <summary>Decodes whatever is left, tail included (end of stream).</summary>
    public float[] Flush(CancellationToken cancellationToken) =>
        _frames.Count > _decodedFrames ? DecodeNew(final: true, cancellationToken) : TakeTail();

    private float[] DecodeNew(bool final, CancellationToken cancellationToken)
    {
        var end = _frames.Count;
        var first = Math.Max(0, _decodedFrames - options.ContextFrames);
        var audio = codec.Decode(_frames, first, end - first, cancellationToken);
        Decodes++;
        var spf = MusicGenModel.SamplesPerFrame;
        if (audio.Length != (end - first) * spf)
            throw ModelErrors.Signature(ModelDirectory.CodecFile, $"output 'audio_values' has {audio.Length} samples for {end - first} frames; expected {spf} per frame");

        // audio[0] sits at sample first·spf; the held-back tail covers [Emitted, Emitted + tail).
        var offset = (int)(Emitted - (long)first * spf);
        var keepBack = final ? 0 : Math.Min(_fade, audio.Length - offset);
        var outLength = audio.Length - offset - keepBack;
        var result = new float[outLength];
        for (var i = 0; i < outLength; i++)
        {
            var fresh = audio[offset + i];
            if (i < _tail.Length)
            {
                var w = (i + 1f) / (_tail.Length + 1f);
                result[i] = _tail[i] * (1 - w) + fresh * w;
            }
            else
            {
                result[i] = fresh;
            }
        }
        _tail = audio.AsSpan(audio.Length - keepBack).ToArray();
        _decodedFrames = end;
        Emitted += outLength;
        return result;
    }

    private float[] TakeTail()
    {
        var tail = _tail;
        _tail = [];
        Emitted += tail.Length;
        return tail;
    }
}
