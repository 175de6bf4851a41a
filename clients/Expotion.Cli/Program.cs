using System.CommandLine;
using Expotion.Cli.Commands;

var root = new RootCommand("expotion: music that follows a performer. A video (or camera frames) and a text prompt in; music whose beat, energy and mood follow the motion out.")
{
    ComposeCommand.Create(),
    ServeCommand.Create(),
    BenchCommand.Create(),
    SampleCommand.Create(),
    EvalCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
