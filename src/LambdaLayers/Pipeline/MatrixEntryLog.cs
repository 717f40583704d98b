using LambdaLayers.Settings;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Parsing;

namespace LambdaLayers.Pipeline;

/// <summary>
/// The log of one matrix entry: every line it writes starts with the entry's name (<c>[python3.12-arm64] …</c>)
/// and carries it as the property <see cref="PropertyName"/>, so entries that run at the same time stay readable
/// in any sink the front end logs to (the CLI's stderr, NUKE's console). The prefix is part of the message
/// template, not of an output template, because a NUKE build's output template is NUKE's, not ours.
/// </summary>
public static class MatrixEntryLog
{
    public const string PropertyName = "MatrixEntry";

    /// <summary>The log for the pipeline of <paramref name="settings"/>: prefixed for an entry of a matrix, else <paramref name="log"/> itself.</summary>
    public static ILogger For(ILogger log, LayerSettings settings) =>
        settings.MatrixEntry is { } entry ? For(log, entry) : log;

    /// <summary>A logger that writes to <paramref name="log"/> with every message prefixed by <c>[entry]</c>.</summary>
    public static ILogger For(ILogger log, string entry)
    {
        // Events below the target's level would only be bound to be dropped there.
        var lowest = Enum.GetValues<LogEventLevel>().Where(log.IsEnabled).DefaultIfEmpty(LogEventLevel.Fatal).Min();
        return new LoggerConfiguration()
            .MinimumLevel.Is(lowest)
            .WriteTo.Sink(new PrefixingSink(log, entry))
            .CreateLogger();
    }

    private sealed class PrefixingSink(ILogger target, string entry) : ILogEventSink
    {
        private readonly TextToken prefix = new($"[{entry}] ");
        private readonly LogEventProperty property = new(PropertyName, new ScalarValue(entry));

        public void Emit(LogEvent logEvent)
        {
            var template = new MessageTemplate([prefix, .. logEvent.MessageTemplate.Tokens]);
            var properties = logEvent.Properties
                .Where(p => p.Key != PropertyName)
                .Select(p => new LogEventProperty(p.Key, p.Value))
                .Append(property);
            target.Write(new LogEvent(logEvent.Timestamp, logEvent.Level, logEvent.Exception, template, properties,
                logEvent.TraceId ?? default, logEvent.SpanId ?? default));
        }
    }
}
