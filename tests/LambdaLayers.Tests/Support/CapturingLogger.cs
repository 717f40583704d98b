using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Display;

namespace LambdaLayers.Tests.Support;

/// <summary>
/// A Serilog logger that keeps every rendered line (and exception text), so tests can assert on (and search
/// for secrets in) the log. Lines read as a console shows them: string values without quotes.
/// </summary>
public sealed class CapturingLogger : ILogEventSink
{
    private readonly List<string> _lines = [];

    // {Message:l} renders string values without the quotes RenderMessage() adds.
    private readonly MessageTemplateTextFormatter _formatter = new("{Message:l}{NewLine:l}{Exception}");

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
        var writer = new StringWriter();
        _formatter.Format(logEvent, writer);
        lock (_lines)
        {
            _lines.Add(writer.ToString().TrimEnd('\r', '\n'));
        }
    }
}
