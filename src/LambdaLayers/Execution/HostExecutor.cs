using System.Diagnostics;
using LambdaLayers.Planning;
using LambdaLayers.Settings;
using Serilog;

namespace LambdaLayers.Execution;

/// <summary>
/// Runs a plan on this machine: copies its files, then starts each command directly (argument list, no
/// shell) with the inherited environment minus the command's cleared prefixes plus its own variables,
/// stdin closed so no tool can wait for a password. Output is streamed to the log line by line with every
/// secret masked; a non-zero exit becomes the error <see cref="BuildFailureTranslator"/> makes of it.
/// </summary>
public sealed class HostExecutor(ILogger log) : IPlanExecutor
{
    // Enough lines to find the tell-tale line of a failure (pip prints auth warnings well before the error).
    private const int RetainedLines = 400;

    /// <summary>The host needs nothing beyond the tool and interpreter, which are found while planning.</summary>
    public Task CheckAsync(LayerSettings settings, CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task ExecuteAsync(BuildPlan plan, LayerSettings settings, CancellationToken cancellationToken)
    {
        var masker = SecretMasker.For(plan, settings.Index);
        foreach (var file in plan.Files)
        {
            file.Copy();
        }
        foreach (var command in plan.Commands)
        {
            await RunAsync(plan, settings, command, masker, cancellationToken);
        }
    }

    private async Task RunAsync(BuildPlan plan, LayerSettings settings, PlanCommand command, SecretMasker masker, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = command.WorkingDirectory,
        };
        foreach (var name in start.Environment.Keys.ToList())
        {
            if (command.ClearedEnvironmentPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal)))
            {
                start.Environment.Remove(name);
            }
        }
        foreach (var (name, value) in command.Environment)
        {
            start.Environment[name] = value;
        }
        start.FileName = ProgramLocator.Find(command.Program, start.Environment.TryGetValue("PATH", out var path) ? path : null)
            ?? throw ToolNotFoundException.For(command.Program, command.Title);
        foreach (var argument in command.Arguments)
        {
            start.ArgumentList.Add(argument);
        }
        Directory.CreateDirectory(command.WorkingDirectory);

        var step = command.Title ?? command.Program;
        log.Information("Running {Step}: {Command}", step, masker.Apply(command.Display));
        var tail = new Queue<string>();
        void Receive(string line)
        {
            var masked = masker.Apply(line);
            lock (tail)
            {
                tail.Enqueue(masked);
                if (tail.Count > RetainedLines)
                {
                    tail.Dequeue();
                }
            }
            log.Information("  {Program}| {Line}", Path.GetFileName(command.Program), masked);
        }

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw ToolNotFoundException.For(command.Program, command.Title);
        }
        process.StandardInput.Close();
        var readOut = PumpAsync(process.StandardOutput, Receive);
        var readErr = PumpAsync(process.StandardError, Receive);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
            throw;
        }
        await Task.WhenAll(readOut, readErr);
        if (process.ExitCode != 0)
        {
            string[] lines;
            lock (tail)
            {
                lines = tail.ToArray();
            }
            throw await BuildFailureTranslator.ExplainAsync(plan, settings, command, process.ExitCode, lines, masker, cancellationToken);
        }
    }

    private static async Task PumpAsync(StreamReader reader, Action<string> receive)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            receive(line);
        }
    }
}
