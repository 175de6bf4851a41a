using System.Runtime.InteropServices;
using Expotion.V1;
using NAudio.Wave;

namespace Expotion.Client.Compose;

/// <summary>Writes received audio chunks to a 16-bit PCM WAV file, checking that they are contiguous.</summary>
public sealed class WavSink : IDisposable
{
    private readonly string _path;
    private WaveFileWriter? _writer;
    private long _frames;
    private double _sumSquares, _peak;

    public WavSink(string path) => _path = path;

    public int SampleRate { get; private set; }
    public int Channels { get; private set; }
    public double Seconds => SampleRate == 0 ? 0 : (double)_frames / SampleRate;
    public double Peak => _peak;
    public double Rms => _frames == 0 ? 0 : Math.Sqrt(_sumSquares / (_frames * Channels));

    public void Write(AudioChunk chunk)
    {
        if (_writer is null)
        {
            SampleRate = chunk.SampleRate;
            Channels = chunk.Channels;
            var folder = Path.GetDirectoryName(Path.GetFullPath(_path));
            if (folder is not null) Directory.CreateDirectory(folder);
            _writer = new WaveFileWriter(_path, new WaveFormat(SampleRate, 16, Channels));
        }
        if (chunk.SampleRate != SampleRate || chunk.Channels != Channels)
            throw new InvalidDataException($"audio format changed mid-stream: {chunk.SampleRate} Hz × {chunk.Channels}");
        var expectedPts = (long)Math.Round(_frames * 1_000_000.0 / SampleRate);
        if (Math.Abs(chunk.PtsUs - expectedPts) > 1_000_000 / SampleRate + 1)
            throw new InvalidDataException($"audio chunk at {chunk.PtsUs} us, expected {expectedPts} us: a gap or an overlap");
        var samples = Decode(chunk);
        foreach (var s in samples)
        {
            _sumSquares += s * s;
            _peak = Math.Max(_peak, Math.Abs(s));
        }
        _writer.WriteSamples(samples, 0, samples.Length);
        _frames += samples.Length / Channels;
    }

    public static float[] Decode(AudioChunk chunk) => chunk.Encoding switch
    {
        AudioEncoding.PcmS16Le => MemoryMarshal.Cast<byte, short>(chunk.Data.Span).ToArray().Select(v => v / 32768f).ToArray(),
        _ => MemoryMarshal.Cast<byte, float>(chunk.Data.Span).ToArray(),
    };

    /// <summary>Closes the file; with no audio received, writes a valid empty WAV.</summary>
    public void Dispose()
    {
        _writer ??= new WaveFileWriter(_path, new WaveFormat(32000, 16, 1));
        _writer.Dispose();
    }
}
