using Expotion.Music.Core.Rendering;

namespace Expotion.Music.Core.Conductor;

/// <summary>
/// The stream's future MIDI events in time order (frame, then scheduling order). A note started again
/// while it still sounds is first ended at the new onset, and the older note's own note-off is dropped,
/// so that a late note-off never cuts the newer note short.
/// </summary>
internal sealed class NoteScheduler
{
    private const int Keys = 16 * 128;
    private const int Always = -1;

    private readonly PriorityQueue<Pending, (long Frame, long Seq)> _queue = new();
    private readonly int[] _generation = new int[Keys];
    private readonly long[] _lastOn = new long[Keys];
    private readonly long[] _offAt = new long[Keys];
    private readonly bool[] _sounding = new bool[Keys];
    private long _seq;

    public NoteScheduler()
    {
        Array.Fill(_lastOn, -1);
        Array.Fill(_offAt, -1);
    }

    /// <summary>Events waiting to be rendered.</summary>
    public int Count => _queue.Count;

    /// <summary>Starts a note; <paramref name="lengthFrames"/> &lt;= 0 holds it until <see cref="NoteOff"/>.</summary>
    public void NoteOn(long frame, int channel, int key, int velocity, long lengthFrames)
    {
        if (key is < 0 or > 127) return;
        velocity = Math.Clamp(velocity, 1, 127);
        var k = channel * 128 + key;
        if (_lastOn[k] >= 0 && _lastOn[k] <= frame && _offAt[k] > frame)
            Enqueue(frame, new Pending(MidiEventKind.NoteOff, channel, key, 0, Always));
        _generation[k]++;
        _lastOn[k] = frame;
        Enqueue(frame, new Pending(MidiEventKind.NoteOn, channel, key, velocity, _generation[k]));
        if (lengthFrames > 0)
        {
            _offAt[k] = frame + lengthFrames;
            Enqueue(frame + lengthFrames, new Pending(MidiEventKind.NoteOff, channel, key, 0, _generation[k]));
        }
        else
        {
            _offAt[k] = long.MaxValue;
        }
    }

    /// <summary>Ends a held note.</summary>
    public void NoteOff(long frame, int channel, int key)
    {
        if (key is < 0 or > 127) return;
        var k = channel * 128 + key;
        _offAt[k] = Math.Min(_offAt[k], frame);
        Enqueue(frame, new Pending(MidiEventKind.NoteOff, channel, key, 0, _generation[k]));
    }

    public void ControlChange(long frame, int channel, int controller, int value) =>
        Enqueue(frame, new Pending(MidiEventKind.ControlChange, channel, controller, Math.Clamp(value, 0, 127), Always));

    public void ProgramChange(long frame, int channel, int program) =>
        Enqueue(frame, new Pending(MidiEventKind.ProgramChange, channel, program, 0, Always));

    /// <summary>Moves the events before <paramref name="endFrame"/> into <paramref name="into"/>, relative to <paramref name="blockStart"/>.</summary>
    public void TakeUntil(long endFrame, long blockStart, List<MidiEvent> into)
    {
        while (_queue.TryPeek(out var e, out var at) && at.Frame < endFrame)
        {
            _queue.Dequeue();
            var k = e.Channel * 128 + e.Data1;
            if (e.Kind == MidiEventKind.NoteOff)
            {
                if (e.Generation != Always && e.Generation != _generation[k]) continue;
                _sounding[k] = false;
            }
            else if (e.Kind == MidiEventKind.NoteOn)
            {
                _sounding[k] = true;
            }
            into.Add(new MidiEvent((int)Math.Max(0, at.Frame - blockStart), e.Kind, e.Channel, e.Data1, e.Data2));
        }
    }

    /// <summary>Drops everything still to come and ends every sounding note at frame 0 of the next block.</summary>
    public void ReleaseAll(List<MidiEvent> into)
    {
        _queue.Clear();
        for (var k = 0; k < Keys; k++)
        {
            if (!_sounding[k]) continue;
            _sounding[k] = false;
            into.Add(MidiEvent.NoteOff(0, k / 128, k % 128));
        }
    }

    private void Enqueue(long frame, Pending e) => _queue.Enqueue(e, (frame, _seq++));

    private readonly record struct Pending(MidiEventKind Kind, int Channel, int Data1, int Data2, int Generation);
}
