using Expotion.Client.Media;

namespace Expotion.Cli.Tests;

/// <summary>A temporary folder with the sample performance video (written once per test class), for the commands to read and write.</summary>
public sealed class SampleFiles : IAsyncLifetime
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("expotion-cli-").FullName;

    public string SampleVideo => Path.Combine(Folder, "sample.mp4");

    public async ValueTask InitializeAsync() => await Client.Media.SampleVideo.WriteAsync(new SamplePerformer(), SampleVideo, null, CancellationToken.None);

    public ValueTask DisposeAsync()
    {
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
        return ValueTask.CompletedTask;
    }

    public string TempFile(string name) => Path.Combine(Folder, $"{Guid.NewGuid():N}-{name}");
}
