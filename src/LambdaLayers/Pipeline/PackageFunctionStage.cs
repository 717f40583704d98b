using System.Diagnostics;
using System.Runtime.InteropServices;
using LambdaLayers.Checks;
using LambdaLayers.Execution;
using LambdaLayers.FileSystem;
using LambdaLayers.Packaging;
using LambdaLayers.Planning;
using LambdaLayers.Settings;
using Serilog;

namespace LambdaLayers.Pipeline;

/// <summary>
/// PackageFunction: builds the project through its own build backend into a wheel, installs it (and its path
/// dependencies, and with <c>--bundle-dependencies</c> its dependencies) at the root of
/// <c>build/lambda/function/function.zip</c>, and packages that with the layer's machinery: exclusions, compatibility
/// check, import smoke test, deterministic zip, size budget (function and layer together) and skip-when-unchanged.
/// Inputs are checked before anything is touched (<see cref="FunctionInputs"/>); the build wipes the function's build
/// folder, and any failure removes what it installed, so no half-built function is ever packaged.
/// </summary>
public sealed class PackageFunctionStage(ILogger log, Func<LayerSettings, IPlanExecutor>? containerExecutor = null)
{
    public const string StageName = "PackageFunction";

    /// <summary>The packaging machinery shared with PackageLayer.</summary>
    public PackageLayerStage Packager { get; init; } = new(log, containerExecutor);

    public async Task<PackageFunctionResult> RunAsync(LayerSettings settings, CancellationToken cancellationToken)
    {
        var inputs = FunctionInputs.Read(settings);
        var layout = inputs.Layout;
        layout.Layout.EnsureBuildDirectoryIsSafe();
        var tool = await ToolProbe.ProbeAsync(settings.Tool, settings.Mode, cancellationToken);
        var fingerprint = FunctionFingerprint.Compute(inputs, tool?.VersionText).Value;
        foreach (var dependency in inputs.PathDependencies)
        {
            log.Information("Path dependency {Dependency} ({DeclaredIn}) is {Path}", dependency.Display, dependency.DeclaredIn, dependency.ResolvedPath);
        }

        var (buildSkipped, buildReason) = await BuildAsync(inputs, fingerprint, tool, cancellationToken);
        var modules = CheckModules(inputs, rebuilt: !buildSkipped);
        foreach (var (distribution, names) in modules)
        {
            log.Information("{Distribution} puts {Modules} at the zip root (handler: MODULE.FUNCTION, as in {Example})",
                distribution, names, $"{names[0]}.handler");
        }

        var (layerBytes, layerSource, smokePaths, smokeSkip) = Surroundings(inputs);
        var target = new PackageTarget
        {
            StageName = StageName,
            What = "function code",
            BuildDirectory = layout.BuildDirectory,
            ArtifactsDirectory = layout.ArtifactsDirectory,
            TreeDirectory = layout.PackageDirectory,
            ZipPath = layout.ZipPath,
            ReportPath = layout.PackageRecordPath,
            ZipRoot = "",
            RuntimeRoot = BytecodeCompiler.FunctionRuntimeRoot,
            Fingerprint = fingerprint,
            BudgetLimit = FunctionBudget.LimitFor(layerBytes),
            CheckBudget = (unzipped, sizes) => FunctionBudget.Check(unzipped, layerBytes, layerSource, sizes),
            BudgetDescription = layerSource is null
                ? $"of {FunctionBudget.LimitFor(0)} unzipped bytes (no layer counted)"
                : $"of {FunctionBudget.LimitFor(layerBytes)} unzipped bytes left beside the layer's {layerBytes} ({layerSource})",
            SmokeTestPaths = smokePaths,
            SmokeTestSkipReason = smokeSkip,
            SmokeTestAdvice = FunctionSmokeTestAdvice,
        };
        var packaged = await Packager.RunAsync(inputs.BuildSettings, target, cancellationToken);
        var skipped = buildSkipped && packaged.Skipped;
        return new PackageFunctionResult(skipped, skipped ? packaged.Reason : buildSkipped ? packaged.Reason : buildReason, packaged.Report!)
        {
            BuildSkipped = buildSkipped,
            Backend = inputs.Backend,
            Modules = modules,
            PathDependencies = inputs.PathDependencies.Select(d => d.Display).ToList(),
            LayerBytes = layerBytes,
            LayerSource = layerSource,
        };
    }

    private async Task<(bool Skipped, string Reason)> BuildAsync(FunctionInputs inputs, string fingerprint, InstalledTool? tool, CancellationToken ct)
    {
        var settings = inputs.Settings;
        var layout = inputs.Layout;
        var clock = Stopwatch.StartNew();
        if (!settings.Force && BuildRecord.TryRead(layout.BuildRecordPath) is { } previous && previous.Fingerprint == fingerprint &&
            File.Exists(WheelList(layout)))
        {
            var hash = DirectoryHash.Compute(layout.ArtifactsDirectory);
            if (hash.Length > 0 && hash == previous.ArtifactsHash)
            {
                const string reason = "the fingerprint matches build.json and artifacts/ is unchanged";
                log.Information("{Stage:l} build skipped: {Reason} ({Fingerprint})", StageName, reason, fingerprint);
                return (true, reason);
            }
            log.Information("Rebuilding the function: artifacts/ changed since the last build");
        }

        WarnWhenLocalBuildMayNotRun(settings);
        if (tool is not null)
        {
            log.Information("Using {Tool} {Version}", tool.Program, tool.VersionText ?? "(unknown version)");
        }
        var buildSettings = inputs.BuildSettings;
        ExecutionEnvironment environment;
        IPlanExecutor executor;
        if (settings.Mode == BuildMode.Container)
        {
            executor = containerExecutor?.Invoke(buildSettings) ?? throw new BuildInputException("mode",
                "Container builds need the container executor, which this front end did not provide. Use --mode local or --mode cross-platform.");
            environment = ExecutionEnvironment.ForContainer(buildSettings, tool);
        }
        else
        {
            environment = ExecutionEnvironment.ForHost(buildSettings, new PythonInterpreterLocator(log).Find(settings), tool);
            executor = new HostExecutor(log);
        }
        var plan = FunctionBuildPlanner.CreatePlan(inputs, environment);
        await executor.CheckAsync(plan, ct);

        layout.Layout.CleanBuildDirectory();
        log.Information("Building the function code of {Project} for {Runtime} {Architecture} with {Tool} ({Backend}) in {Mode} mode ({ModeReason}){Bundle}",
            inputs.Project.Name ?? settings.ProjectDirectory, settings.Runtime.Name, settings.Architecture.Name, settings.Tool.ToString().ToLowerInvariant(),
            inputs.Backend, settings.Mode.Name(), settings.ModeReason, settings.BundleDependencies ? ", dependencies bundled" : "");
        try
        {
            await executor.ExecuteAsync(plan, ct);
            Directory.CreateDirectory(layout.PackageDirectory);
            var portable = ConsoleScriptShebangs.Rewrite(layout.PackageDirectory);
            if (portable.Count > 0)
            {
                log.Information("Console scripts {Scripts} named this machine's interpreter; they now start with {Shebang}", portable, ConsoleScriptShebangs.PortableShebang);
            }
        }
        catch
        {
            DiscardBuild(layout);
            throw;
        }
        var record = new BuildRecord(fingerprint, DirectoryHash.Compute(layout.ArtifactsDirectory), settings.Tool.ToString().ToLowerInvariant(),
            settings.Runtime.Name, settings.Architecture.Name, settings.Mode.Name(), DateTimeOffset.UtcNow);
        record.Write(layout.BuildRecordPath);
        log.Information("Built the function in {Elapsed:0.0} s: {Directory}", clock.Elapsed.TotalSeconds, layout.PackageDirectory);
        return (false, "the function was built from its sources");
    }

    // The function's own distributions are those whose wheels the build collected (dist/function-wheels.txt).
    private static IReadOnlyDictionary<string, IReadOnlyList<string>> CheckModules(FunctionInputs inputs, bool rebuilt)
    {
        var names = File.ReadAllLines(WheelList(inputs.Layout))
            .Where(line => line.Trim().Length > 0)
            .Select(line => line.Trim().Replace('\\', '/').Split('/')[^1].Split('-')[0])
            .ToList();
        try
        {
            return FunctionModules.Check(inputs.Layout.PackageDirectory, names);
        }
        catch (FunctionNotImportableException) when (rebuilt)
        {
            DiscardBuild(inputs.Layout);
            throw;
        }
    }

    /// <summary>
    /// The layer beside the function: its unzipped size for the budget (from the layer.json of a layer packaged here
    /// for the same inputs), and where the import smoke test finds the function's dependencies — bundled in the zip,
    /// the layer's installed tree, or nowhere, when the test would only report missing dependencies and is skipped.
    /// </summary>
    private (long LayerBytes, string? LayerSource, IReadOnlyList<string> SmokePaths, string? SmokeSkip) Surroundings(FunctionInputs inputs)
    {
        var settings = inputs.Settings;
        if (settings.BundleDependencies)
        {
            return (0, null, [], null);
        }
        string? layerFingerprint = null;
        try
        {
            layerFingerprint = File.Exists(settings.ManifestPath) ? LayerFingerprint.Compute(settings).Value : null;
        }
        catch (LayerException)
        {
            // No layer inputs: the function stands alone as far as this build can tell.
        }
        long layerBytes = 0;
        string? layerSource = null;
        if (layerFingerprint is not null && PackageRecord.TryRead(settings.Layout.PackageRecordPath) is { } layer && layer.Fingerprint == layerFingerprint)
        {
            layerBytes = layer.UnzippedBytes;
            layerSource = $"{Path.GetRelativePath(settings.ProjectDirectory, settings.Layout.PackageRecordPath)} of the layer built for these inputs";
        }
        else if (layerFingerprint is not null)
        {
            log.Information("No layer.json for the current layer inputs: the size budget counts the function alone (run PackageLayer first to count both)");
        }
        var layerTree = settings.Layout.PythonDirectory;
        if (layerFingerprint is not null && Directory.Exists(layerTree) && BuildRecord.TryRead(settings.Layout.BuildRecordPath)?.Fingerprint == layerFingerprint)
        {
            return (layerBytes, layerSource, [layerTree], null);
        }
        var declaresDependencies = inputs.Project.Dependencies.Count > 0 ||
                                   (inputs.Project.Poetry?.Dependencies.Keys.Any(k => k != "python") ?? false);
        return declaresDependencies
            ? (layerBytes, layerSource, [], "the function's dependencies come from its layer, which is not built here for these inputs " +
                                             "(run BuildLayer or PackageLayer first, or pass --bundle-dependencies)")
            : (layerBytes, layerSource, [], null);
    }

    // The function's own modules run their top-level code when Lambda loads the handler: a failure there is the
    // project's to fix, not a version to pin.
    private const string FunctionSmokeTestAdvice =
        "fix the failing module's top-level code (Lambda runs it when it loads the handler, before any event); if it imports a " +
        "dependency that is missing, add it to the project's dependencies and build the layer first (PackageLayer) or pass " +
        "--bundle-dependencies. Code that only imports inside the configured function can be let through with --no-smoke-test.";

    private static string WheelList(FunctionLayout layout) => Path.Combine(layout.DistDirectory, "function-wheels.txt");

    // Never leave an installed tree (or its record) that a later run could take for a finished build.
    private static void DiscardBuild(FunctionLayout layout)
    {
        if (Directory.Exists(layout.ArtifactsDirectory))
        {
            Directory.Delete(layout.ArtifactsDirectory, recursive: true);
        }
        if (File.Exists(layout.BuildRecordPath))
        {
            File.Delete(layout.BuildRecordPath);
        }
    }

    private void WarnWhenLocalBuildMayNotRun(LayerSettings settings)
    {
        if (settings.Mode == BuildMode.Local &&
            (!OperatingSystem.IsLinux() || RuntimeInformation.OSArchitecture != settings.Architecture.HostArchitecture))
        {
            log.Warning(
                "Local mode builds the function for this machine ({OS} {HostArchitecture}), but it targets Linux {Architecture}: " +
                "compiled code may not run on Lambda. Use --mode cross-platform or --mode container",
                RuntimeInformation.OSDescription, RuntimeInformation.OSArchitecture, settings.Architecture.Name);
        }
    }
}
