using Serilog.Core;
using Serilog.Events;

namespace LambdaLayers.Tests.Publishing;

/// <summary>Keeps every rendered log line, so tests can check what a user would read (and that no secret is in it).</summary>
public sealed class CollectingSink : ILogEventSink
{
    private readonly List<string> lines = [];

    public IReadOnlyList<string> Lines { get { lock (lines) return [.. lines]; } }

    public void Emit(LogEvent logEvent)
    {
        lock (lines) lines.Add(logEvent.RenderMessage() + (logEvent.Exception is null ? "" : " " + logEvent.Exception.Message));
    }
}
