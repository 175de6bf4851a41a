using System.Diagnostics;

namespace Expotion.Deploy.Tests;

/// <summary>
/// deploy/k8s checked by deploy/validate/validate.mjs: every object against the official Kubernetes JSON schemas
/// (kubernetes-models, ajv; installed by scripts/setup-deploy.sh), then Expotion's rules (per stage a Deployment,
/// Service, headless Service and HPA that fit together, native gRPC probes, non-root, resources, scrape annotations). A broken copy
/// must be refused, so that the check is known to bite.
/// </summary>
public sealed class ManifestValidationTests
{
    [Fact]
    public async Task Manifests_Validated_AreKubernetesObjectsThatFitTogether()
    {
        var (code, output) = await ValidateAsync(Path.Combine(RepoPaths.Deploy, "k8s"));
        Assert.True(code == 0, output);
        Assert.Contains("16 objects valid", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("replicas: 2", "replicas: \"two\"", "spec/replicas must be integer")]
    [InlineData("containerPort: 5101", "containerPort: 5199", "probes port 5101, which the container does not declare")]
    [InlineData("clusterIP: None", "clusterIP: \"\"", "is not headless")]
    [InlineData("runAsNonRoot: true", "runAsNonRoot: false", "pods must run as non-root")]
    [InlineData("prometheus.io/port: \"5191\"", "prometheus.io/port: \"5101\"", "prometheus.io/port 5101 is not where Telemetry__MetricsUrl serves")]
    [InlineData("prometheus.io/port: \"5191\"", "prometheus.io/port: \"5199\"", "prometheus.io/port 5199 is not a port the container declares")]
    [InlineData("prometheus.io/scrape: \"true\"", "prometheus.io/scrape: \"false\"", "pods need the annotation prometheus.io/scrape")]
    public async Task ManifestCheck_BrokenManifest_IsRefused(string from, string to, string expected)
    {
        var folder = Directory.CreateTempSubdirectory("expotion-k8s-").FullName;
        try
        {
            foreach (var file in Directory.GetFiles(Path.Combine(RepoPaths.Deploy, "k8s"), "*.yaml"))
                File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
            var vision = Path.Combine(folder, "vision.yaml");
            var text = await File.ReadAllTextAsync(vision, TestContext.Current.CancellationToken);
            Assert.Contains(from, text, StringComparison.Ordinal);
            await File.WriteAllTextAsync(vision, text.Replace(from, to, StringComparison.Ordinal), TestContext.Current.CancellationToken);
            var (code, output) = await ValidateAsync(folder);
            Assert.Equal(1, code);
            Assert.Contains(expected, output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<(int Code, string Output)> ValidateAsync(string folder)
    {
        var validator = Path.Combine(RepoPaths.Deploy, "validate");
        Assert.True(Directory.Exists(Path.Combine(validator, "node_modules", "kubernetes-models")),
            "the validator's npm packages are missing: run scripts/setup-deploy.sh (scripts/setup.sh runs it)");
        var start = new ProcessStartInfo("node", ["validate.mjs", folder])
        {
            WorkingDirectory = validator, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var node = Process.Start(start)!;
        var stdout = node.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = node.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await node.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (node.ExitCode, await stdout + await stderr);
    }
}
