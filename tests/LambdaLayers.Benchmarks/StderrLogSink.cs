using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace LambdaLayers.Benchmarks;

/// <summary>Prints log events to stderr (the benchmark's table goes to stdout), for <c>--verbose</c>.</summary>
public sealed class StderrLogSink : ILogEventSink
{
    public void Emit(LogEvent logEvent) => Console.Error.WriteLine($"    [{logEvent.Level}] {logEvent.RenderMessage()}");

    public static ILogger Logger(bool verbose) => verbose
        ? new LoggerConfiguration().MinimumLevel.Debug().WriteTo.Sink(new StderrLogSink()).CreateLogger()
        : Serilog.Core.Logger.None;
}
