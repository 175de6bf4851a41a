using Expotion.Core;
using Expotion.Kernels.Batching;

namespace Expotion.Smoothing.Core;

// The three batched steps of a tick. Each builds its batch from the streams' state, makes one backend call and only then
// changes the streams, so a step can run again on the CPU reference after a device failure.
public sealed partial class SmoothingTicker
{
    // The new frames of streams of one width onto the grid: TimelineAligner's lerp between the held frame and each new
    // frame, for every grid time after the held frame up to the last new frame (from the first frame's grid time on).
    private void Resample(List<TickStream> group)
    {
        var dims = group[0].Dims;
        var plans = new List<(TickStream S, long Start, int Rows, int Inputs)>(group.Count);
        foreach (var s in group)
        {
            var start = s.Previous is null ? TimeGrid.CeilIndex(s.Taken[0].PtsUs) : s.Next;
            var rows = (int)Math.Max(0, TimeGrid.FloorIndex(s.Taken[^1].PtsUs) - start + 1);
            plans.Add((s, start, rows, s.Taken.Count + (s.Previous is null ? 0 : 1)));
        }
        var batch = plans.Where(p => p.Rows > 0).ToList();
        float[] dst = [];
        var maxRows = 0;
        if (batch.Count > 0)
        {
            var maxIn = batch.Max(p => p.Inputs);
            maxRows = batch.Max(p => p.Rows);
            var shape = new BatchShape(batch.Count, maxIn, dims);
            var src = new float[shape.Length];
            var pts = new long[batch.Count * maxIn];
            var counts = new int[batch.Count];
            var gridStart = new long[batch.Count];
            for (var i = 0; i < batch.Count; i++)
            {
                var (s, start, _, inputs) = batch[i];
                var t = i * maxIn;
                if (s.Previous is { } held) Put(held, t++);
                foreach (var f in s.Taken) Put(f, t++);
                counts[i] = inputs;
                gridStart[i] = TimeGrid.PtsOf(start);
            }
            dst = new float[(long)batch.Count * maxRows * dims];
            _resampler.ResampleToGrid(src, pts, counts, shape, gridStart, TimeGrid.PeriodUs, dst, maxRows);

            void Put(FeatureSample f, int row)
            {
                f.Values.CopyTo(src, (long)row * dims);
                pts[row] = f.PtsUs;
            }
        }
        var b = 0;
        foreach (var (s, start, rows, _) in plans)
        {
            if (rows > 0)
            {
                var rowsOut = new float[rows][];
                for (var j = 0; j < rows; j++)
                    rowsOut[j] = dst.AsSpan((int)(((long)b * maxRows + j) * dims), dims).ToArray();
                s.Rows = rowsOut;
                b++;
            }
            s.RowsFrom = start;
            s.Next = start + rows;
            s.Previous = s.Taken[^1];
        }
    }

    // CausalFilter for streams of one width: row 0 of each stream is its state (absent before its first row), so one
    // exponential scan along time continues every stream from where the last tick left it.
    private void Causal(List<TickStream> group)
    {
        var dims = group[0].Dims;
        var maxLen = group.Max(s => s.Rows.Length + (s.State is null ? 0 : 1));
        var shape = new BatchShape(group.Count, maxLen, dims);
        var src = new float[shape.Length];
        var lengths = new int[group.Count];
        var alpha = new float[group.Count];
        for (var i = 0; i < group.Count; i++)
        {
            var s = group[i];
            var t = i * maxLen;
            if (s.State is { } state) state.CopyTo(src, (long)t++ * dims);
            foreach (var row in s.Rows) row.CopyTo(src, (long)t++ * dims);
            lengths[i] = t - i * maxLen;
            alpha[i] = s.Alpha;
        }
        var dst = new float[shape.Length];
        _smoother.Exponential(src, lengths, shape, alpha, dst);
        for (var i = 0; i < group.Count; i++)
        {
            var s = group[i];
            var first = s.State is null ? 0 : 1;
            for (var j = 0; j < s.Rows.Length; j++)
            {
                var y = dst.AsSpan((int)(((long)i * maxLen + first + j) * dims), dims).ToArray();
                s.Emit(s.RowsFrom + j, y);
                s.State = y;
            }
        }
    }

    private static void AddToWindow(TickStream s)
    {
        if (s.Rows.Length == 0) return;
        if (s.Window.Count == 0)
        {
            s.WindowFirst = s.RowsFrom;
            if (s.NextOut < 0) s.NextOut = s.RowsFrom;
        }
        s.Window.AddRange(s.Rows);
    }

    // CentredFilter for streams of one width and window: each stream's centres that now have their look-ahead (all of them
    // once its input ended) with the rows they reach, through one Gaussian; the kernel's edge renormalisation at the
    // batch row's ends is the filter's at the stream's ends, because a row holds every frame its centres reach that exists.
    private void Centred(List<TickStream> group)
    {
        var work = new List<(TickStream S, long PackStart, long EmitEnd, int Length)>(group.Count);
        foreach (var s in group)
        {
            if (s.Window.Count == 0) continue;
            var last = s.WindowFirst + s.Window.Count - 1;
            var emitEnd = s.Ending && s.Fault is null ? last : last - s.Radius;   // a bad frame ends the stream unflushed, as today
            if (emitEnd < s.NextOut) continue;
            var packStart = Math.Max(s.WindowFirst, s.NextOut - s.Radius);
            var packEnd = Math.Min(last, emitEnd + s.Radius);
            work.Add((s, packStart, emitEnd, (int)(packEnd - packStart + 1)));
        }
        if (work.Count == 0) return;
        var dims = group[0].Dims;
        var maxLen = work.Max(w => w.Length);
        var shape = new BatchShape(work.Count, maxLen, dims);
        var src = new float[shape.Length];
        var lengths = new int[work.Count];
        for (var i = 0; i < work.Count; i++)
        {
            var (s, packStart, _, length) = work[i];
            for (var j = 0; j < length; j++)
                s.Window[(int)(packStart - s.WindowFirst) + j].CopyTo(src, ((long)i * maxLen + j) * dims);
            lengths[i] = length;
        }
        var dst = new float[shape.Length];
        _smoother.Gaussian(src, lengths, shape, group[0].Weights, dst);
        for (var i = 0; i < work.Count; i++)
        {
            var (s, packStart, emitEnd, _) = work[i];
            for (var c = s.NextOut; c <= emitEnd; c++)
                s.Emit(c, dst.AsSpan((int)(((long)i * maxLen + c - packStart) * dims), dims).ToArray());
            s.NextOut = emitEnd + 1;
            var drop = (int)Math.Clamp(s.NextOut - s.Radius - s.WindowFirst, 0, s.Window.Count);
            s.Window.RemoveRange(0, drop);
            s.WindowFirst += drop;
        }
    }
}
