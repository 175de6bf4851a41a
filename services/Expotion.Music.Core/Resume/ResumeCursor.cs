using Expotion.Resume;

namespace Expotion.Music.Core.Resume;

/// <summary>
/// Music's "send from" over the stream's <see cref="StreamResume"/>: drops the output a resuming client already
/// has, every audio block that starts before <see cref="StreamResume.FromPtsUs"/> and the events emitted with
/// those blocks. A backend emits a block's events just before the block, so events are held until the next
/// block decides their fate; <see cref="Flush"/> hands over the ones left at the end of the stream.
/// </summary>
public sealed class ResumeCursor(StreamResume resume)
{
    private readonly List<MusicOutput> _held = [];

    /// <summary>Blocks (and their events) dropped so far.</summary>
    public long DroppedBlocks => resume.Dropped;

    /// <summary>Adds what may be sent now, in order, to <paramref name="send"/>.</summary>
    public void Admit(MusicOutput output, List<MusicOutput> send)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(send);
        if (resume.FromPtsUs <= 0)
        {
            send.Add(output);
            return;
        }
        if (output is not AudioBlock block)
        {
            _held.Add(output);
            return;
        }
        if (resume.Sends(block.PtsUs))
        {
            send.AddRange(_held);
            send.Add(block);
        }
        _held.Clear();
    }

    /// <summary>At the end of the stream: events after the last block, unless they fall before the resume time.</summary>
    public void Flush(List<MusicOutput> send)
    {
        ArgumentNullException.ThrowIfNull(send);
        send.AddRange(_held.Where(o => o.PtsUs >= resume.FromPtsUs));
        _held.Clear();
    }
}
