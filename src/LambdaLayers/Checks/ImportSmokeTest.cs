using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using LambdaLayers.Execution;
using LambdaLayers.Planning;
using LambdaLayers.Execution.Containers;
using LambdaLayers.Packaging;
using LambdaLayers.Settings;
using Serilog;

namespace LambdaLayers.Checks;

/// <summary>
/// Imports every top-level module of every kept distribution in a fresh interpreter of the runtime's
/// version, with nothing on <c>sys.path</c> but the standard library, the layer and what the Lambda
/// runtime provides (<see cref="SmokeTestScript"/>), within a time limit. It runs wherever such an
/// interpreter can run the target's code: in container mode inside the build image, through the same
/// container executor BuildLayer uses; otherwise on this machine, when it is Linux on the target
/// architecture and has <c>python3.X</c> of the runtime. When it cannot run, the outcome says why.
/// </summary>
public sealed class ImportSmokeTest(ILogger log, Func<LayerSettings, IPlanExecutor>? containerExecutor = null)
{
    /// <summary>The folder under the layer build folder the script, its input and its result are written to.</summary>
    public const string WorkFolderName = "smoke-test";

    private static readonly JsonSerializerOptions SpecJson = new(JsonSerializerDefaults.Web);

    private readonly ILogger _log = log.ForContext<ImportSmokeTest>();

    /// <summary>How long the interpreter may take for all imports together before it is stopped.</summary>
    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromMinutes(2);

    /// <param name="alsoOnPath">Host folders put on sys.path right after the tree under test, as Lambda puts a function's
    /// layers after its code (the function's test sees its layer's packages); folders that do not exist are left out.</param>
    public async Task<SmokeTestOutcome> RunAsync(LayerSettings settings, LayerContents contents, string zipRoot, CancellationToken cancellationToken,
        IReadOnlyList<string>? alsoOnPath = null)
    {
        var outcome = await RunOrSkipAsync(settings, contents, zipRoot, alsoOnPath ?? [], cancellationToken).ConfigureAwait(false);
        if (outcome.Result == SmokeTestOutcome.FailedResult)
        {
            _log.Warning("Import smoke test {Summary}", outcome.Summary);
        }
        else
        {
            _log.Information("Import smoke test {Summary}", outcome.Summary);
        }
        foreach (var note in outcome.RuntimeProvidedImports)
        {
            _log.Information("  {Note}", note);
        }
        return outcome;
    }

    private async Task<SmokeTestOutcome> RunOrSkipAsync(LayerSettings settings, LayerContents contents, string zipRoot,
        IReadOnlyList<string> alsoOnPath, CancellationToken cancellationToken)
    {
        if (!settings.SmokeTest)
        {
            return SmokeTestOutcome.Off("turned off with --no-smoke-test");
        }
        var layout = settings.Layout;
        var present = TopLevelModules.Present(contents.Entries.Select(e => e.ZipPath[zipRoot.Length..]));
        var modules = contents.KeptDistributions
            .SelectMany(d => TopLevelModules.Of(d, layout.PythonDirectory, present).Select(m => (Distribution: d.Name, Module: m)))
            .ToList();
        if (modules.Count == 0)
        {
            return new SmokeTestOutcome { Result = SmokeTestOutcome.PassedResult };
        }

        var work = Path.Combine(layout.BuildDirectory, WorkFolderName);
        try
        {
            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }
            Directory.CreateDirectory(work);
            var files = new WorkFiles(Path.Combine(work, SmokeTestScript.FileName), Path.Combine(work, "spec.json"), Path.Combine(work, "result.jsonl"));
            await File.WriteAllTextAsync(files.Script, SmokeTestScript.Source, cancellationToken).ConfigureAwait(false);
            var run = settings.Mode == BuildMode.Container
                ? await InContainerAsync(settings, contents, modules, files, alsoOnPath, cancellationToken).ConfigureAwait(false)
                : await OnHostAsync(settings, contents, modules, files, alsoOnPath, cancellationToken).ConfigureAwait(false);
            if (run.Skipped is { } skipped)
            {
                return skipped;
            }
            return Interpret(ReadEvents(files.Result), run, modules, contents);
        }
        finally
        {
            try
            {
                if (Directory.Exists(work))
                {
                    Directory.Delete(work, recursive: true);
                }
            }
            catch (IOException)
            {
                // Inside the build folder, which the next build wipes anyway.
            }
            catch (UnauthorizedAccessException)
            {
                // A container running as another user may leave it behind; same as above.
            }
        }
    }

    private async Task<InterpreterRun> OnHostAsync(LayerSettings settings, LayerContents contents,
        IReadOnlyList<(string Distribution, string Module)> modules, WorkFiles files, IReadOnlyList<string> alsoOnPath, CancellationToken cancellationToken)
    {
        var architecture = settings.Architecture;
        if (!OperatingSystem.IsLinux() || RuntimeInformation.OSArchitecture != architecture.HostArchitecture)
        {
            return InterpreterRun.Skip($"this machine ({RuntimeInformation.OSDescription} {RuntimeInformation.OSArchitecture}) cannot run Linux {architecture.Name} code; --mode container runs the test in the build image");
        }
        var python = PythonInterpreterLocator.FindExactCached(settings);
        if (python is null)
        {
            return InterpreterRun.Skip($"no {settings.Runtime.InterpreterName} for {architecture.Name} here");
        }
        await WriteSpecAsync(files.Spec, settings, contents, modules, settings.Layout.PythonDirectory, alsoOnPath, [], cancellationToken).ConfigureAwait(false);
        var where = $"{settings.Runtime.InterpreterName} ({python})";
        _log.Information("Importing {Modules} top-level modules with {Interpreter}", modules.Count, where);
        var result = await ProcessRunner.RunAsync(new ProcessRequest(python, ["-I", "-S", "-B", files.Script, files.Spec, files.Result])
        {
            TimeLimit = TimeLimit,
            Purpose = "the import smoke test",
        }, cancellationToken).ConfigureAwait(false);
        return result.TimedOut
            ? new InterpreterRun(where, TimedOut: true, null)
            : new InterpreterRun(where, TimedOut: false, ExitDescription(result.ExitCode, result.Text));
    }

    private async Task<InterpreterRun> InContainerAsync(LayerSettings settings, LayerContents contents,
        IReadOnlyList<(string Distribution, string Module)> modules, WorkFiles files, IReadOnlyList<string> alsoOnPath, CancellationToken cancellationToken)
    {
        var executor = containerExecutor?.Invoke(settings);
        if (executor is null)
        {
            return InterpreterRun.Skip("this front end provides no container executor to run the build image");
        }
        var project = settings.ProjectDirectory;
        string InContainer(string hostPath) => ContainerExecutor.ToContainerPath(project, hostPath);
        await WriteSpecAsync(files.Spec, settings, contents, modules, InContainer(settings.Layout.PythonDirectory),
            alsoOnPath.Select(InContainer).ToList(), [LambdaRuntimePackages.RuntimeDirectory], cancellationToken).ConfigureAwait(false);
        var where = $"python3 in {settings.EffectiveImage}";
        var plan = BuildImageScript.Plan(settings, "import smoke test", [InContainer(files.Script), InContainer(files.Spec), InContainer(files.Result)]);
        try
        {
            await executor.CheckAsync(plan, cancellationToken).ConfigureAwait(false);
        }
        catch (LayerException e)
        {
            return InterpreterRun.Skip($"the build image cannot run here ({e.Message})");
        }
        _log.Information("Importing {Modules} top-level modules with {Interpreter}", modules.Count, where);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeLimit);
        try
        {
            await executor.ExecuteAsync(plan, limit.Token).ConfigureAwait(false);
            return new InterpreterRun(where, TimedOut: false, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new InterpreterRun(where, TimedOut: true, null);
        }
        catch (LayerException e)
        {
            return new InterpreterRun(where, TimedOut: false, e.Message);
        }
    }

    private static async Task WriteSpecAsync(string path, LayerSettings settings, LayerContents contents,
        IReadOnlyList<(string Distribution, string Module)> modules, string layer, IReadOnlyList<string> alsoOnPath, IReadOnlyList<string> runtimePaths,
        CancellationToken cancellationToken)
    {
        // Files left out of the zip must not be importable in the test either, unless the runtime has them anyway.
        var hidden = contents.LeftOutFiles
            .Where(f => IsImportable(f.RelativePath) &&
                        !(f.Distribution is { } owner && LambdaRuntimePackages.ModulesByDistribution.ContainsKey(DistributionName.Normalize(owner))))
            .Select(f => f.RelativePath)
            .ToList();
        var spec = new
        {
            Python = settings.Runtime.PythonVersion,
            Glibc = $"2.{settings.Runtime.GlibcMinor}",
            Layer = layer,
            AlsoOnPath = alsoOnPath,
            RuntimePaths = runtimePaths,
            RuntimeModules = LambdaRuntimePackages.Modules,
            Hidden = hidden,
            Modules = modules.Select(m => new[] { m.Distribution, m.Module }),
        };
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(spec, SpecJson), cancellationToken).ConfigureAwait(false);
    }

    // What an import could load: sources, extension modules, and compiled modules that stand alone.
    private static bool IsImportable(string relativePath) =>
        relativePath.EndsWith(".py", StringComparison.Ordinal) || relativePath.EndsWith(".so", StringComparison.Ordinal) ||
        (relativePath.EndsWith(".pyc", StringComparison.Ordinal) && !relativePath.Contains("__pycache__/", StringComparison.Ordinal));

    private SmokeTestOutcome Interpret(IReadOnlyList<JsonElement> events, InterpreterRun run,
        IReadOnlyList<(string Distribution, string Module)> modules, LayerContents contents)
    {
        var versions = contents.KeptDistributions.ToDictionary(d => d.Name, d => d.Version, StringComparer.Ordinal);
        string Text(JsonElement e, string name) => e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";

        if (events.FirstOrDefault(e => Text(e, "event") == "skip") is { ValueKind: JsonValueKind.Object } skip)
        {
            return SmokeTestOutcome.Skipped($"{run.Where}: {Text(skip, "reason")}");
        }
        if (!events.Any(e => Text(e, "event") == "interpreter"))
        {
            var why = run.TimedOut ? $"it did not start within {TimeLimit.TotalSeconds:0} s" : run.Exit ?? "it wrote no result";
            _log.Warning("The import smoke test could not run with {Interpreter}: {Reason}", run.Where, why);
            return SmokeTestOutcome.Skipped($"{run.Where} could not run the test: {why}");
        }

        var failures = new List<SmokeTestFailure>();
        var runtimeProvided = new List<string>();
        (string Distribution, string Module)? open = null;
        foreach (var e in events)
        {
            var distribution = Text(e, "distribution");
            var module = Text(e, "module");
            switch (Text(e, "event"))
            {
                case "start":
                    open = (distribution, module);
                    break;
                case "ok":
                    open = null;
                    break;
                case "fail":
                    open = null;
                    if (e.TryGetProperty("runtimeProvided", out var provided) && provided.ValueKind == JsonValueKind.True)
                    {
                        runtimeProvided.Add($"{distribution}: import {module} needs a module the Lambda runtime provides, which is not where the test ran ({Text(e, "error")})");
                    }
                    else
                    {
                        failures.Add(new SmokeTestFailure(distribution, versions.GetValueOrDefault(distribution), module, Text(e, "error")));
                    }
                    break;
            }
        }
        if (!events.Any(e => Text(e, "event") == "done") && open is { } stuck)
        {
            var why = run.TimedOut
                ? $"did not finish within {TimeLimit.TotalSeconds:0} s, the smoke test's time limit (it hangs at import)"
                : $"stopped the interpreter ({run.Exit ?? "no result"})";
            failures.Add(new SmokeTestFailure(stuck.Distribution, versions.GetValueOrDefault(stuck.Distribution), stuck.Module, why));
        }
        return new SmokeTestOutcome
        {
            Result = failures.Count == 0 ? SmokeTestOutcome.PassedResult : SmokeTestOutcome.FailedResult,
            Interpreter = run.Where,
            Modules = modules.Count,
            Distributions = modules.Select(m => m.Distribution).Distinct(StringComparer.Ordinal).Count(),
            Failures = failures,
            RuntimeProvidedImports = runtimeProvided,
        };
    }

    private static List<JsonElement> ReadEvents(string path)
    {
        var events = new List<JsonElement>();
        if (!File.Exists(path))
        {
            return events;
        }
        foreach (var line in File.ReadLines(path))
        {
            try
            {
                using var document = JsonDocument.Parse(line);
                events.Add(document.RootElement.Clone());
            }
            catch (JsonException)
            {
                break; // a line cut short by a crash: what came before still counts
            }
        }
        return events;
    }

    // Exit codes above 128 are how .NET reports a child killed by a signal (128 + signal number).
    private static string? ExitDescription(int exitCode, string output)
    {
        if (exitCode == 0)
        {
            return null;
        }
        var last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        var how = exitCode > 128
            ? $"killed by signal {(exitCode - 128).ToString(CultureInfo.InvariantCulture)}"
            : $"exit code {exitCode.ToString(CultureInfo.InvariantCulture)}";
        return last is null ? how : $"{how}: {last}";
    }

    private sealed record WorkFiles(string Script, string Spec, string Result);

    /// <summary>How the interpreter run ended: where it ran, whether the time limit stopped it, and how it exited when not cleanly.</summary>
    private sealed record InterpreterRun(string Where, bool TimedOut, string? Exit)
    {
        public SmokeTestOutcome? Skipped { get; init; }

        public static InterpreterRun Skip(string reason) => new("", false, null) { Skipped = SmokeTestOutcome.Skipped(reason) };
    }
}
