using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace LambdaLayers.Tests.Support;

/// <summary>A Serilog logger that keeps every rendered line, so tests can assert on (and search for secrets in) the log.</summary>
public sealed class CapturingLogger : ILogEventSink
{
    private readonly List<string> _lines = [];

    public CapturingLogger()
    {
        Logger = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(this).CreateLogger();
    }

    public ILogger Logger { get; }

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return _lines.ToArray();
            }
        }
    }

    public string Text => string.Join('\n', Lines);

    public void Emit(LogEvent logEvent)
    {
        var line = $"[{logEvent.Level}] {logEvent.RenderMessage()}";
        lock (_lines)
        {
            _lines.Add(line);
        }
    }
}
