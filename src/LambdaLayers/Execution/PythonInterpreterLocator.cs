using System.Collections.Concurrent;
using LambdaLayers.Planning;
using LambdaLayers.Settings;
using Serilog;

namespace LambdaLayers.Execution;

/// <summary>
/// Finds the Python interpreter for the runtime on the host: the <c>--python</c> setting, else
/// <c>python3.X</c> on PATH, else a pyenv install (<c>$PYENV_ROOT</c> or <c>~/.pyenv</c>,
/// <c>versions/3.X.*/bin/python3.X</c>, newest patch first). Every candidate is run once to confirm its
/// version, because a pyenv shim named python3.X exists on PATH even when it cannot run.
/// Cross-platform pip/uv builds only need some Python to run the installer, so they fall back to python3.
/// </summary>
public sealed class PythonInterpreterLocator(ILogger log)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public string Find(LayerSettings settings)
    {
        var runtime = settings.Runtime;
        if (settings.PythonInterpreter is { } configured)
        {
            var path = ProgramLocator.FindOnPath(configured);
            var version = path is null ? null : VersionOf(path);
            if (version is null)
            {
                throw new BuildInputException("python",
                    $"The Python interpreter '{configured}' given by --python could not be run. Point --python at a working " +
                    $"{runtime.InterpreterName} executable, or leave it out to find one on PATH or under pyenv.");
            }
            if (version != runtime.PythonVersion)
            {
                log.Warning("The interpreter {Python} is Python {Version}, but the layer targets {Runtime}: compiled packages may not load on Lambda",
                    path, version, runtime.Name);
            }
            return path!;
        }

        foreach (var candidate in Candidates(runtime))
        {
            if (VersionOf(candidate) == runtime.PythonVersion)
            {
                log.Debug("Using {Python} for {Runtime}", candidate, runtime.Name);
                return candidate;
            }
        }

        if (settings.Mode == BuildMode.CrossPlatform && settings.Tool != ToolKind.Poetry &&
            ProgramLocator.FindOnPath("python3") is { } fallback && VersionOf(fallback) is { } any)
        {
            log.Information("No {Interpreter} found; the cross-platform install runs on {Python} (Python {Version}) and selects wheels for {Runtime}",
                runtime.InterpreterName, fallback, any, runtime.Name);
            return fallback;
        }

        throw new BuildInputException("python",
            $"No Python {runtime.PythonVersion} interpreter was found for the runtime {runtime.Name}: looked for " +
            $"{runtime.InterpreterName} on PATH and under pyenv (~/.pyenv/versions/{runtime.PythonVersion}.*). Install Python " +
            $"{runtime.PythonVersion}, or pass --python /path/to/{runtime.InterpreterName} (LAMBDA_LAYERS_PYTHON), or build with --mode container.");
    }

    // Looking for an interpreter runs each candidate once, and a pyenv shim that cannot run takes seconds to
    // say so; the answer holds for the process, so it is asked once per runtime, --python and PATH.
    private static readonly ConcurrentDictionary<(string Runtime, string? Configured, string? Path), string?> ExactInterpreters = new();

    /// <summary>
    /// <see cref="FindExact"/>, asked once per process for each runtime, <c>--python</c> and PATH: what the import
    /// smoke test and the bytecode step use, so a package run looks for the interpreter once.
    /// </summary>
    public static string? FindExactCached(LayerSettings settings) =>
        ExactInterpreters.GetOrAdd((settings.Runtime.Name, settings.PythonInterpreter, Environment.GetEnvironmentVariable("PATH")),
            _ => FindExact(settings));

    /// <summary>
    /// An interpreter of exactly the runtime's version, or null when there is none: the <c>--python</c>
    /// interpreter when it is that version, else python3.X on PATH or under pyenv. Unlike <see cref="Find"/>
    /// it neither falls back to another version nor throws (the import smoke test and the bytecode step are skipped instead).
    /// </summary>
    public static string? FindExact(LayerSettings settings)
    {
        var version = settings.Runtime.PythonVersion;
        if (settings.PythonInterpreter is { } configured &&
            ProgramLocator.FindOnPath(configured) is { } path && VersionOf(path) == version)
        {
            return path;
        }
        // Any interpreter of the version will do here, so pyenv shims come last: a shim for a version pyenv has
        // not selected takes seconds to fail, while the install it would run answers at once.
        var shims = System.IO.Path.DirectorySeparatorChar + "shims" + System.IO.Path.DirectorySeparatorChar;
        return Candidates(settings.Runtime)
            .OrderBy(candidate => candidate.Contains(shims, StringComparison.Ordinal))
            .FirstOrDefault(candidate => VersionOf(candidate) == version);
    }

    private static IEnumerable<string> Candidates(LambdaRuntime runtime)
    {
        if (ProgramLocator.FindOnPath(runtime.InterpreterName) is { } onPath)
        {
            yield return onPath;
        }
        var roots = new[]
        {
            Environment.GetEnvironmentVariable("PYENV_ROOT"),
            Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".pyenv"),
        };
        foreach (var root in roots.Where(r => !string.IsNullOrEmpty(r)).Distinct())
        {
            var versions = Path.Combine(root!, "versions");
            if (!Directory.Exists(versions))
            {
                continue;
            }
            var installs = Directory.EnumerateDirectories(versions, runtime.PythonVersion + ".*")
                .Select(d => (Dir: d, Version: Version.TryParse(Path.GetFileName(d), out var v) ? v : null))
                .Where(x => x.Version is not null)
                .OrderByDescending(x => x.Version);
            foreach (var (dir, _) in installs)
            {
                var python = Path.Combine(dir, "bin", runtime.InterpreterName);
                if (File.Exists(python))
                {
                    yield return python;
                }
            }
        }
    }

    /// <summary>"3.12" for a working interpreter, null when it cannot run.</summary>
    public static string? VersionOf(string python)
    {
        try
        {
            var result = ProcessRunner.Run(new ProcessRequest(python, ["-c", "import sys; print('%d.%d' % sys.version_info[:2])"])
            {
                TimeLimit = Timeout,
                KeptLines = 50,
            });
            return result.Succeeded ? string.Join('\n', result.StandardOutput).Trim() : null;
        }
        catch (ToolNotFoundException)
        {
            return null;
        }
    }
}
