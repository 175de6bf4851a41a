using System.CommandLine;
using Expotion.Cli.Commands;

var root = new RootCommand("expotion: music that follows a performer. A video (or camera frames) and a text prompt in; music whose beat, energy and mood follow the motion out.")
{
    ComposeCommand.Create(),
    PerformCommand.Create(),
    ServeCommand.Create(),
    BenchCommand.Create(),
    SampleCommand.Create(),
    EvalCommand.Create(),
};
var parsed = root.Parse(args);
// `serve` stops through its host, which drains open streams on SIGTERM for Shutdown:DrainSeconds; System.CommandLine's
// own handler would end the process two seconds after the signal, so it is off there. Other commands keep it (Ctrl+C cancels).
var invocation = parsed.CommandResult.Command.Name == "serve" ? new InvocationConfiguration { ProcessTerminationTimeout = null } : null;
return await parsed.InvokeAsync(invocation);
