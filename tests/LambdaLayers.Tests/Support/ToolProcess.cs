using System.Diagnostics;

namespace LambdaLayers.Tests.Support;

/// <summary>
/// Runs a real tool (poetry, pip) for a test's set-up or check, without the machine's own pip settings
/// (PIP_FIND_LINKS and friends) or an active virtualenv leaking in; returns its exit code and all output.
/// </summary>
public static class ToolProcess
{
    public static (int ExitCode, string Output) Run(string program, IEnumerable<string> arguments, string workingDirectory,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("PIP_", StringComparison.Ordinal) || k == "VIRTUAL_ENV").ToList())
        {
            start.Environment.Remove(name);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.Result + error.Result);
    }
}
