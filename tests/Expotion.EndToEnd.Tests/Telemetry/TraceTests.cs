using System.Collections.Concurrent;
using System.Diagnostics;
using Expotion.Hosting;
using Expotion.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;

namespace Expotion.EndToEnd.Tests.Telemetry;

/// <summary>
/// Traces (issue 16), with OpenTelemetry's in-memory exporter on a real `serve all` host: a performance started under a
/// caller's span is one trace — the caller's context rides in the gRPC metadata to the gateway, and from there to every
/// stage — with one server span per stage, the stream's attributes on them, and the stages' log lines in that trace.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class TraceTests(PipelineFixture fixture)
{
    private static readonly ActivitySource Caller = new("Expotion.Tests.Caller");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Perform_UnderACallersSpan_IsOneTraceWithASpanPerStage()
    {
        var spans = new LockedList<Activity>();
        var logs = new TraceLogs();
        var url = $"http://127.0.0.1:{ProcessRunner.FreePort()}";
        var app = StageHost.Build(StageRole.All, url, [], LogLevel.Information, new Dictionary<string, string?>
        {
            ["Gateway:VisionUrl"] = url, ["Gateway:SmoothingUrl"] = url, ["Gateway:MusicUrl"] = url,
            ["Gateway:WebUrl"] = "none",
            ["Telemetry:Traces"] = "true",   // no OTLP endpoint here: record for the in-memory exporter
        }, b =>
        {
            b.Services.ConfigureOpenTelemetryTracerProvider(t => t.AddSource(Caller.Name).AddInMemoryExporter(spans));
            b.Logging.AddProvider(logs);
        });
        await using (app)
        {
            await app.StartAsync(Ct);
            ActivityTraceId traceId;
            using (var root = Caller.StartActivity("performance", ActivityKind.Client))
            {
                Assert.NotNull(root);
                traceId = root.TraceId;
                Assert.True(await TelemetryPerformance.RunAsync(new Uri(url), fixture.SampleVideo, "funk with drums", null, Ct) > 0);
            }
            // The server spans end as their calls finish, just after the client has read everything.
            string[] methods = ["/expotion.v1.Pipeline/Perform", "/expotion.v1.Vision/Extract", "/expotion.v1.Smoothing/Align", "/expotion.v1.Music/Generate"];
            List<Activity> trace = [];
            for (var i = 0; i < 100 && methods.Any(m => !trace.Any(s => IsServer(s, m))); i++)
            {
                await Task.Delay(100, Ct);
                trace = spans.Snapshot().Where(s => s.TraceId == traceId).ToList();
            }

            var byId = trace.ToDictionary(s => s.SpanId);
            var perform = Assert.Single(trace, s => IsServer(s, methods[0]));
            Assert.NotNull(perform.GetTagItem("expotion.stream.id"));
            Assert.Equal("default", perform.GetTagItem("expotion.music.backend"));
            foreach (var method in methods[1..])
            {
                var stage = Assert.Single(trace, s => IsServer(s, method));
                Assert.Equal(false, stage.GetTagItem("expotion.stream.resumed"));
                // Each stage's span hangs below the gateway's, through the gateway's client call.
                var parent = byId[stage.ParentSpanId];
                Assert.Equal(ActivityKind.Client, parent.Kind);
                Assert.Contains(perform.SpanId, Ancestors(parent, byId));
            }
            var music = Assert.Single(trace, s => IsServer(s, methods[3]));
            Assert.Equal("conductor", music.GetTagItem("expotion.music.backend"));
            Assert.False(string.IsNullOrEmpty(music.GetTagItem("expotion.music.style") as string), "the music span names the style it played");
            Assert.Equal("causal", Assert.Single(trace, s => IsServer(s, methods[2])).GetTagItem("expotion.smoothing.mode"));
            // The stages' end-of-stream log lines were written inside the performance's trace.
            foreach (var category in new[] { "VisionGrpcService", "SmoothingGrpcService", "MusicGrpcService" })
                Assert.Contains(logs.Snapshot(), l => l.Category.EndsWith(category, StringComparison.Ordinal) && l.TraceId == traceId);
        }
    }

    private static bool IsServer(Activity span, string method) =>
        span.Kind == ActivityKind.Server && (span.GetTagItem("url.path") as string ?? span.DisplayName).EndsWith(method, StringComparison.Ordinal);

    private static IEnumerable<ActivitySpanId> Ancestors(Activity span, Dictionary<ActivitySpanId, Activity> byId)
    {
        for (var s = span; s is not null; s = byId.GetValueOrDefault(s.ParentSpanId))
            yield return s.SpanId;
    }

    /// <summary>What the exporter fills from the threads that end spans, read from the test's.</summary>
    private sealed class LockedList<T> : ICollection<T>
    {
        private readonly List<T> _items = [];
        public int Count { get { lock (_items) return _items.Count; } }
        public bool IsReadOnly => false;
        public void Add(T item) { lock (_items) _items.Add(item); }
        public void Clear() { lock (_items) _items.Clear(); }
        public bool Contains(T item) { lock (_items) return _items.Contains(item); }
        public void CopyTo(T[] array, int arrayIndex) { lock (_items) _items.CopyTo(array, arrayIndex); }
        public bool Remove(T item) { lock (_items) return _items.Remove(item); }
        public List<T> Snapshot() { lock (_items) return [.. _items]; }
        public IEnumerator<T> GetEnumerator() => Snapshot().GetEnumerator();
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>Every log line with the trace it was written in (what an OTLP log record carries).</summary>
    private sealed class TraceLogs : ILoggerProvider
    {
        private readonly ConcurrentQueue<(string Category, ActivityTraceId TraceId)> _lines = new();
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);
        public List<(string Category, ActivityTraceId TraceId)> Snapshot() => [.. _lines];
        public void Dispose() { }

        private sealed class Logger(string category, ConcurrentQueue<(string, ActivityTraceId)> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => true;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue((category, Activity.Current?.TraceId ?? default));
        }
    }
}
