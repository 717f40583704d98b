using System.Diagnostics;
using System.Runtime.InteropServices;
using LambdaLayers.Execution;
using LambdaLayers.FileSystem;
using LambdaLayers.Planning;
using LambdaLayers.Settings;
using Serilog;

namespace LambdaLayers.Pipeline;

/// <summary>
/// BuildLayer: installs the project's locked runtime dependencies into <c>artifacts/python</c>.
/// Skips when build.json records the same fingerprint and <c>artifacts/</c> is unchanged; otherwise plans
/// with the tool's strategy (before touching anything, so bad input leaves the last build as it was),
/// wipes the layer build folder, runs the plan and writes build.json. Local and cross-platform plans run
/// on the host (<see cref="HostExecutor"/>); container plans run on the executor
/// <paramref name="containerExecutor"/> makes, planned for <see cref="ExecutionEnvironment.ForContainer"/>.
/// </summary>
public sealed class BuildLayerStage(ILogger log, Func<LayerSettings, IPlanExecutor>? containerExecutor = null)
{
    public async Task<BuildLayerResult> RunAsync(LayerSettings settings, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var layout = settings.Layout;
        var strategy = BuildStrategies.For(settings.Tool);

        var fingerprint = LayerFingerprint.Compute(settings).Value;
        if (!settings.Force && BuildRecord.TryRead(layout.BuildRecordPath) is { } previous && previous.Fingerprint == fingerprint)
        {
            var hash = DirectoryHash.Compute(layout.ArtifactsDirectory);
            if (hash.Length > 0 && hash == previous.ArtifactsHash)
            {
                const string reason = "the fingerprint matches build.json and artifacts/ is unchanged";
                log.Information("BuildLayer skipped: {Reason} ({Fingerprint})", reason, fingerprint);
                return new BuildLayerResult(true, reason, previous, layout.PythonDirectory, stopwatch.Elapsed);
            }
            log.Information("Rebuilding: artifacts/ changed since the last build");
        }

        WarnWhenLocalBuildMayNotRun(settings);
        var tool = await ToolProbe.ProbeAsync(settings.Tool, settings.Mode, cancellationToken);
        if (tool is not null)
        {
            log.Information("Using {Tool} {Version}", tool.Program, tool.Version?.ToString() ?? "(unknown version)");
        }
        ExecutionEnvironment environment;
        IPlanExecutor executor;
        if (settings.Mode == BuildMode.Container)
        {
            executor = containerExecutor?.Invoke(settings) ?? throw new BuildInputException("mode",
                "Container builds need the container executor, which this front end did not provide. Use --mode local or --mode cross-platform.");
            environment = ExecutionEnvironment.ForContainer(settings, tool);
        }
        else
        {
            environment = ExecutionEnvironment.ForHost(settings, new PythonInterpreterLocator(log).Find(settings), tool);
            executor = new HostExecutor(log);
        }
        var plan = strategy.CreatePlan(settings, environment);
        await executor.CheckAsync(plan, cancellationToken);

        layout.CleanBuildDirectory();
        log.Information("Building the {Runtime} {Architecture} layer with {Tool} in {Mode} mode ({ModeReason})",
            settings.Runtime.Name, settings.Architecture.Name, settings.Tool.ToString().ToLowerInvariant(), ModeName(settings.Mode), settings.ModeReason);
        try
        {
            await executor.ExecuteAsync(plan, cancellationToken);
            if (!Directory.Exists(layout.PythonDirectory))
            {
                // Nothing to install is a valid layer (an empty python/ folder), not a failure.
                Directory.CreateDirectory(layout.PythonDirectory);
            }
            var portable = Packaging.ConsoleScriptShebangs.Rewrite(layout.PythonDirectory);
            if (portable.Count > 0)
            {
                log.Information("Console scripts {Scripts} in python/bin named this machine's interpreter; they now start with {Shebang}",
                    portable, Packaging.ConsoleScriptShebangs.PortableShebang);
            }
        }
        catch
        {
            // Never leave a half-written artifacts/ that a later stage could mistake for a finished build.
            try
            {
                if (Directory.Exists(layout.ArtifactsDirectory))
                {
                    Directory.Delete(layout.ArtifactsDirectory, recursive: true);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The build's own error is the one to report; build.json is not written, so the next run rebuilds.
                log.Warning("Could not remove the unfinished {Directory}: {Reason}", layout.ArtifactsDirectory, e.Message);
            }
            throw;
        }

        var record = new BuildRecord(
            fingerprint,
            DirectoryHash.Compute(layout.ArtifactsDirectory),
            settings.Tool.ToString().ToLowerInvariant(),
            settings.Runtime.Name,
            settings.Architecture.Name,
            ModeName(settings.Mode),
            DateTimeOffset.UtcNow);
        record.Write(layout.BuildRecordPath);
        log.Information("BuildLayer finished in {Elapsed:0.0} s: {Directory}", stopwatch.Elapsed.TotalSeconds, layout.PythonDirectory);
        return new BuildLayerResult(false, null, record, layout.PythonDirectory, stopwatch.Elapsed);
    }

    /// <summary>"local", "container", "cross-platform": the parameter's spelling.</summary>
    public static string ModeName(BuildMode mode) => mode switch
    {
        BuildMode.CrossPlatform => "cross-platform",
        _ => mode.ToString().ToLowerInvariant(),
    };

    private void WarnWhenLocalBuildMayNotRun(LayerSettings settings)
    {
        if (settings.Mode != BuildMode.Local)
        {
            return;
        }
        if (!OperatingSystem.IsLinux() || RuntimeInformation.OSArchitecture != settings.Architecture.HostArchitecture)
        {
            log.Warning(
                "Local mode installs packages for this machine ({OS} {HostArchitecture}), but the layer targets Linux {Architecture}: " +
                "compiled packages may not run on Lambda. Use --mode cross-platform or --mode container",
                RuntimeInformation.OSDescription, RuntimeInformation.OSArchitecture, settings.Architecture.Name);
        }
    }
}
