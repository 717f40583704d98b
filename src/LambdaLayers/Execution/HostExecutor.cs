using LambdaLayers.Planning;
using Serilog;

namespace LambdaLayers.Execution;

/// <summary>
/// Runs a plan on this machine: copies its files, then runs each command through <see cref="ProcessRunner"/>
/// (argument list, no shell) with the inherited environment minus the command's cleared prefixes plus its
/// own variables, stdin closed so no tool can wait for a password. Output is streamed to the log line by
/// line with every secret masked; a non-zero exit becomes the error <see cref="BuildFailureTranslator"/>
/// makes of it. Cancellation stops the running tool with its child processes.
/// </summary>
public sealed class HostExecutor(ILogger log) : IPlanExecutor
{
    // Enough lines to find the tell-tale line of a failure (pip prints auth warnings well before the error).
    private const int RetainedLines = 400;

    /// <summary>The host needs nothing beyond the tool and interpreter, which are found while planning.</summary>
    public Task CheckAsync(BuildPlan plan, CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task ExecuteAsync(BuildPlan plan, CancellationToken cancellationToken)
    {
        var masker = SecretMasker.For(plan);
        foreach (var file in plan.Files)
        {
            file.Copy();
        }
        var deadline = plan.TimeLimit is { } limit ? DateTimeOffset.UtcNow + limit : (DateTimeOffset?)null;
        foreach (var command in plan.Commands)
        {
            await RunAsync(plan, command, masker, deadline, cancellationToken);
        }
    }

    private async Task RunAsync(BuildPlan plan, PlanCommand command, SecretMasker masker, DateTimeOffset? deadline, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(command.WorkingDirectory);
        var step = command.Title ?? command.Program;
        var program = Path.GetFileName(command.Program);
        log.Information("Running {Step}: {Command}", step, masker.Apply(command.Display));
        ProcessResult result;
        try
        {
            result = await ProcessRunner.RunAsync(new ProcessRequest(command.Program, command.Arguments)
            {
                WorkingDirectory = command.WorkingDirectory,
                Environment = command.Environment.ToDictionary(e => e.Key, e => (string?)e.Value),
                ClearedEnvironmentPrefixes = command.ClearedEnvironmentPrefixes,
                Masker = masker,
                KeptLines = RetainedLines,
                TimeLimit = deadline is { } end ? Max(end - DateTimeOffset.UtcNow, TimeSpan.Zero) : null,
                OnLine = line => log.Information("  {Program}| {Line}", program, line.Text),
                Purpose = command.Title,
            }, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            log.Warning("Cancelled {Step}: stopped {Program} and its child processes", step, program);
            throw;
        }
        if (result.TimedOut)
        {
            var tail = result.Lines.Count == 0
                ? " It printed nothing."
                : " Last output:\n  " + string.Join("\n  ", result.Lines.TakeLast(BuildFailureTranslator.ShownLines).Select(l => l.Text));
            throw new LayerException(masker.Apply(
                $"The build step '{step}' did not finish within the build's time limit of {plan.TimeLimit!.Value.TotalSeconds:0} s " +
                $"and was stopped with its child processes.{tail}"));
        }
        if (result.ExitCode != 0)
        {
            throw await BuildFailureTranslator.ExplainAsync(plan, command, result.ExitCode, [.. result.Lines.Select(l => l.Text)], masker, cancellationToken);
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
