using Serilog.Core;
using Serilog.Events;
using Serilog.Parsing;

namespace LambdaLayers.Cli;

/// <summary>
/// Writes log events as plain lines ("  warn  message"), as they arrive, so a tool's streamed output shows
/// up live. Errors and warnings are marked; everything goes to one writer (stderr) so stdout stays free for
/// the summary or the --json record.
/// </summary>
internal sealed class ConsoleLogSink(TextWriter writer) : ILogEventSink
{
    private readonly Lock gate = new();

    public void Emit(LogEvent logEvent)
    {
        var marker = logEvent.Level switch
        {
            LogEventLevel.Error or LogEventLevel.Fatal => "error ",
            LogEventLevel.Warning => "warn  ",
            LogEventLevel.Debug or LogEventLevel.Verbose => "debug ",
            _ => "      ",
        };
        var message = Render(logEvent);
        lock (gate)
        {
            writer.WriteLine(marker + message);
            writer.Flush();
        }
    }

    // Serilog quotes string values when rendering a template; a console reader wants them bare.
    private static string Render(LogEvent logEvent)
    {
        var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var token in logEvent.MessageTemplate.Tokens)
        {
            if (token is PropertyToken property && logEvent.Properties.TryGetValue(property.PropertyName, out var value) &&
                value is ScalarValue { Value: string raw })
            {
                text.Write(raw);
            }
            else
            {
                token.Render(logEvent.Properties, text, System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        if (logEvent.Exception is { } exception and not LayerException)
        {
            text.Write(" (" + exception.GetType().Name + ": " + exception.Message + ")");
        }
        return text.ToString();
    }
}
