using Expotion.Music.Core;

namespace Expotion.Music.MusicGen;

/// <summary>Cuts a contiguous 32 kHz mono signal into the client's blocks: <c>ChunkFrames</c> frames each, mono copied to every channel.</summary>
public sealed class AudioChunker(MusicSettings settings)
{
    private readonly List<float> _pending = [];
    private long _framesOut;

    /// <summary>Adds samples; returns the whole blocks now ready.</summary>
    public List<AudioBlock> Push(ReadOnlySpan<float> mono)
    {
        foreach (var s in mono) _pending.Add(s);
        var blocks = new List<AudioBlock>();
        while (_pending.Count >= settings.ChunkFrames)
            blocks.Add(Take(settings.ChunkFrames));
        return blocks;
    }

    /// <summary>The last, shorter block (if any samples are left).</summary>
    public AudioBlock? Finish() => _pending.Count > 0 ? Take(_pending.Count) : null;

    private AudioBlock Take(int frames)
    {
        var channels = settings.Channels;
        var samples = new float[frames * channels];
        for (var i = 0; i < frames; i++)
            for (var c = 0; c < channels; c++)
                samples[i * channels + c] = _pending[i];
        _pending.RemoveRange(0, frames);
        var pts = _framesOut * 1_000_000 / settings.SampleRate;
        _framesOut += frames;
        return new AudioBlock(pts, settings.SampleRate, channels, samples);
    }
}
