using Serilog.Core;
using Serilog.Events;

namespace Nuke.Common;

/// <summary>Writes the stand-in build's log to the console, as NUKE's own logger would.</summary>
internal sealed class ConsoleSink : ILogEventSink
{
    public void Emit(LogEvent logEvent) =>
        Console.Error.WriteLine(logEvent.RenderMessage(System.Globalization.CultureInfo.InvariantCulture));
}
