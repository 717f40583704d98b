using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace LambdaLayers.Tests.Pipeline;

/// <summary>Keeps every rendered log event so tests can assert what a stage said.</summary>
public sealed class CollectingLogSink : ILogEventSink
{
    private readonly List<LogEvent> _events = [];

    public IReadOnlyList<LogEvent> Events { get { lock (_events) return _events.ToList(); } }

    public void Emit(LogEvent logEvent)
    {
        lock (_events) _events.Add(logEvent);
    }

    public IEnumerable<string> Messages(LogEventLevel level) =>
        Events.Where(e => e.Level == level).Select(e => e.RenderMessage());

    public ILogger CreateLogger() => new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(this).CreateLogger();
}
