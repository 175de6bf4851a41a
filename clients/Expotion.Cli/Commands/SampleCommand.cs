using System.CommandLine;
using Expotion.Client.Media;

namespace Expotion.Cli.Commands;

/// <summary>`expotion sample`: write the built-in sample performer video.</summary>
internal static class SampleCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out", "-o") { Description = "Where to write the MP4.", DefaultValueFactory = _ => SampleVideo.DefaultPath };
        var command = new Command("sample", "Write the sample performer video (12 s, 320x240, 25 fps: strikes at 120 BPM, still from 6 to 8 s).") { output };
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(output)!;
            try
            {
                await SampleVideo.WriteAsync(new SamplePerformer(), path, null, ct);
                Console.WriteLine($"wrote {path}");
                return 0;
            }
            catch (MediaException ex)
            {
                Console.Error.WriteLine($"expotion: {ex.Message}");
                return 2;
            }
        });
        return command;
    }
}
