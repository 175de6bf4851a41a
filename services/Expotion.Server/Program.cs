using Expotion.Hosting;

// `expotion-server serve ROLE [--urls ADDRESSES]`: the same host as `expotion serve`; every other setting comes from
// the environment (Gateway__VisionUrl, Tls__CertificatePath, Auth__TokensFile, ...).
const string Usage = "usage: expotion-server serve <vision|smoothing|music|gateway|all> [--urls ADDRESSES]";
if (args.Length is not (2 or 4) || args[0] != "serve" || !ServeRoles.All.ContainsKey(args[1]) || (args.Length == 4 && args[2] != "--urls"))
{
    Console.Error.WriteLine(Usage);
    return 2;
}
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
return await StageServer.RunAsync(args[1], args.Length == 4 ? args[3] : null, [], stop.Token);
