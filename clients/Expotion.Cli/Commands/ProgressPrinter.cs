using System.Globalization;
using Expotion.Client.Compose;

namespace Expotion.Cli.Commands;

/// <summary>Shows a composition's progress on stderr: one updating line on a terminal, a line per 10 % otherwise.</summary>
internal sealed class ProgressPrinter(TextWriter writer) : IProgress<ComposeProgress>
{
    private readonly bool _interactive = !Console.IsErrorRedirected;
    private int _lastDecile = -1;
    private bool _wrote;

    public void Report(ComposeProgress p)
    {
        var fraction = p.FramesTotal > 0 ? Math.Min(1, (double)p.FramesSent / p.FramesTotal) : 0;
        var line = string.Create(CultureInfo.InvariantCulture,
            $"  frames {p.FramesSent}/{p.FramesTotal} ({fraction:P0}) · audio {p.AudioSeconds:F1}/{p.VideoSeconds:F1} s");
        if (_interactive)
        {
            writer.Write("\r" + line.PadRight(60));
            _wrote = true;
        }
        else if ((int)(fraction * 10) is var decile && decile > _lastDecile)
        {
            _lastDecile = decile;
            writer.WriteLine(line);
        }
    }

    public void Done()
    {
        if (_wrote) writer.WriteLine();
    }
}
