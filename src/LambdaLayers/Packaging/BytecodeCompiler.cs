using System.Globalization;
using System.Text.Json;
using LambdaLayers.Execution;
using LambdaLayers.Execution.Containers;
using LambdaLayers.Planning;
using LambdaLayers.Settings;
using Serilog;

namespace LambdaLayers.Packaging;

/// <summary>
/// The bytecode step: compiles every <c>.py</c> of a staged set of zip entries to a hash-based, unchecked pyc
/// (PEP 552 flags 1) for the runtime's Python version, so the runtime does not compile them at every cold
/// start (<c>/opt</c> and <c>/var/task</c> are read-only on Lambda, so it cannot cache them either). The pycs go
/// to a work folder, as <c>&lt;dir&gt;/__pycache__/&lt;name&gt;.cpython-3XY.pyc</c> beside where each source sits
/// in the zip, never into the source tree, and come back as extra zip entries; a file that does not compile
/// (Python 2 leftovers, templates named .py) is listed and left without bytecode, never an error.
/// <para>
/// It runs where an interpreter of exactly the runtime's version is: in container mode in the build image
/// (through the container executor, as the import smoke test does), otherwise the one
/// <see cref="PythonInterpreterLocator.FindExactCached"/> finds on this machine — bytecode is the same on every
/// platform, so any OS and architecture will do. When there is none, the outcome says why.
/// </para>
/// <para>
/// The pycs are byte-reproducible: unchecked hash pycs carry a hash of the source instead of its mtime (so
/// <c>SOURCE_DATE_EPOCH</c> plays no part), the path compiled into each code object (<c>co_filename</c>) is
/// where the runtime sees the file (<paramref name="runtimeRoot"/> + zip path, e.g. <c>/opt/python/six.py</c>),
/// not the build folder, and the worker processes run with <c>PYTHONHASHSEED=0</c>. Python 3.10's output for a
/// file also depends on what its process compiled before (measured on pip's and setuptools' 742 files: 5
/// differ between compile orders, 35 between hash seeds), so 3.10 compiles in one process in path order; the
/// versions in <see cref="OrderIndependentVersions"/> produced identical bytes in any order, process and hash
/// seed, so their files are split into contiguous chunks over the cores. Nothing layer-specific happens here:
/// a function bundle passes its own entries, work folder and <c>/var/task/</c>.
/// </para>
/// </summary>
public sealed class BytecodeCompiler(ILogger log, Func<LayerSettings, IPlanExecutor>? containerExecutor = null)
{
    /// <summary>Where Lambda unpacks a layer: a layer's zip path <c>python/six.py</c> is <c>/opt/python/six.py</c>.</summary>
    public const string LayerRuntimeRoot = "/opt/";

    /// <summary>Where Lambda unpacks a function's code.</summary>
    public const string FunctionRuntimeRoot = "/var/task/";

    /// <summary>Versions whose compiler output depends on neither file order nor process state nor hash seed (checked with 3.11.2, 3.12.1, 3.13.0).</summary>
    public static readonly IReadOnlySet<string> OrderIndependentVersions = new HashSet<string>(StringComparer.Ordinal) { "3.11", "3.12", "3.13" };

    /// <summary>A worker process costs about 0.1 s of CPU to start; fewer files than this are not worth another one.</summary>
    private const int MinimumFilesPerWorker = 200;

    private const int PycMode = 0b110_100_100; // 0644, whatever the source's mode and the umask

    private static readonly JsonSerializerOptions SpecJson = new(JsonSerializerDefaults.Web);

    private readonly ILogger _log = log.ForContext<BytecodeCompiler>();

    /// <summary>How long the compile may take before it is stopped and the layer is packaged without bytecode.</summary>
    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The most worker processes to compile with; null for one per core. Never changes the bytes written.</summary>
    public int? Workers { get; init; }

    /// <param name="settings">The runtime (version), mode, image and interpreter settings; <c>Bytecode</c> false turns the step off.</param>
    /// <param name="entries">The staged zip entries; those ending in <c>.py</c> are compiled.</param>
    /// <param name="workFolder">A folder inside the project that this step empties and fills; the returned entries are read
    /// from it, so it must stay until the zip is written (<see cref="DeleteWorkFolder"/> afterwards).</param>
    /// <param name="runtimeRoot">Where the zip's root is on Lambda: <see cref="LayerRuntimeRoot"/> or <see cref="FunctionRuntimeRoot"/>.</param>
    public async Task<BytecodeOutcome> CompileAsync(LayerSettings settings, IReadOnlyList<ZipEntrySource> entries, string workFolder,
        string runtimeRoot, CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var outcome = await CompileOrSkipAsync(settings, entries, workFolder, runtimeRoot, cancellationToken).ConfigureAwait(false);
        if (outcome.Result == BytecodeOutcome.CompiledResult && outcome.Files + outcome.Failures.Count > 0)
        {
            _log.Information("Compiled {Files} Python files to bytecode for {Runtime} ({Bytes} bytes) in {Seconds:0.0} s",
                outcome.Files, settings.Runtime.Name, outcome.Bytes, clock.Elapsed.TotalSeconds);
            if (outcome.Failures.Count > 0)
            {
                _log.Information("{Count} Python files are left without bytecode because they do not compile for {Runtime}: {Files}",
                    outcome.Failures.Count, settings.Runtime.Name, outcome.Failures.Take(10).Select(f => $"{f.Path} ({f.Error})"));
            }
        }
        else
        {
            _log.Information("Bytecode {Summary}", outcome.Summary);
        }
        return outcome;
    }

    /// <summary>
    /// The step on a folder, for a caller that has a tree rather than zip entries (the function bundle, a script):
    /// compiles every <c>.py</c> under <paramref name="folder"/> as if the folder were the zip's root, so a source
    /// <c>app/handler.py</c> gets the entry <c>app/__pycache__/handler.cpython-311.pyc</c>, compiled with the path
    /// <paramref name="runtimeRoot"/> + <c>app/handler.py</c>. Where it runs follows the settings as for a layer:
    /// the build image in container mode (through this compiler's container executor), else the interpreter of the
    /// runtime's version on this machine (<c>--python</c> when it is that version). Symbolic links are not followed.
    /// </summary>
    /// <param name="workFolder">As for <see cref="CompileAsync"/>; it must not lie inside <paramref name="folder"/>.</param>
    public Task<BytecodeOutcome> CompileFolderAsync(LayerSettings settings, string folder, string workFolder, string runtimeRoot,
        CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(folder);
        var work = Path.GetFullPath(workFolder);
        if (!Directory.Exists(root))
        {
            throw new ArgumentException($"The folder to compile, {root}, does not exist.", nameof(folder));
        }
        if (work.Equals(root, StringComparison.Ordinal) || work.StartsWith(Path.TrimEndingDirectorySeparator(root) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The work folder {work} lies inside the folder it would compile, {root}.", nameof(workFolder));
        }
        var walk = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = false };
        var entries = new DirectoryInfo(root).EnumerateFiles("*.py", walk)
            .Select(f => new ZipEntrySource(Path.GetRelativePath(root, f.FullName).Replace(Path.DirectorySeparatorChar, '/'), f.FullName, f.Length, PycMode))
            .ToList();
        return CompileAsync(settings, entries, workFolder, runtimeRoot, cancellationToken);
    }

    private async Task<BytecodeOutcome> CompileOrSkipAsync(LayerSettings settings, IReadOnlyList<ZipEntrySource> entries, string workFolder,
        string runtimeRoot, CancellationToken cancellationToken)
    {
        if (!settings.Bytecode)
        {
            return BytecodeOutcome.Off("turned off with --no-bytecode");
        }
        var runtime = settings.Runtime;
        var cacheTag = CacheTag(runtime);
        var sources = entries.Where(e => e.ZipPath.EndsWith(".py", StringComparison.Ordinal))
            .OrderBy(e => e.ZipPath, StringComparer.Ordinal)
            .ToList();
        if (sources.Count == 0)
        {
            return new BytecodeOutcome { Result = BytecodeOutcome.CompiledResult, CacheTag = cacheTag };
        }

        DeleteWorkFolder(workFolder);
        var tree = Path.Combine(workFolder, "tree");
        Directory.CreateDirectory(tree);
        var files = new WorkFiles(Path.Combine(workFolder, BytecodeScript.FileName), Path.Combine(workFolder, "spec.json"), Path.Combine(workFolder, "result.json"));
        await File.WriteAllTextAsync(files.Script, BytecodeScript.Source, cancellationToken).ConfigureAwait(false);
        var tasks = sources.Select(source => new CompileTask(source.ZipPath, source.SourcePath,
            Path.Combine(tree, PycZipPath(source.ZipPath, cacheTag).Replace('/', Path.DirectorySeparatorChar)), runtimeRoot + source.ZipPath)).ToList();
        var workers = WorkerCount(runtime, tasks.Count);

        var run = settings.Mode == BuildMode.Container
            ? await InContainerAsync(settings, tasks, workers, files, cancellationToken).ConfigureAwait(false)
            : await OnHostAsync(settings, tasks, workers, files, cancellationToken).ConfigureAwait(false);
        return run.Skipped ?? Interpret(files.Result, run, tasks, cacheTag);
    }

    /// <summary>"cpython-311": the tag CPython puts into pyc names, from the runtime's version.</summary>
    public static string CacheTag(LambdaRuntime runtime) => "cpython-" + runtime.PythonVersion.Replace(".", "", StringComparison.Ordinal);

    /// <summary>Where the pyc of a source goes in the zip: <c>python/a/b.py</c> → <c>python/a/__pycache__/b.cpython-311.pyc</c>.</summary>
    public static string PycZipPath(string sourceZipPath, string cacheTag)
    {
        var slash = sourceZipPath.LastIndexOf('/');
        var folder = slash < 0 ? "" : sourceZipPath[..(slash + 1)];
        var name = sourceZipPath[(slash + 1)..^".py".Length];
        return $"{folder}__pycache__/{name}.{cacheTag}.pyc";
    }

    /// <summary>Removes a work folder and what the step wrote into it; best effort, it lies in the build folder the next build wipes.</summary>
    public static void DeleteWorkFolder(string workFolder)
    {
        try
        {
            if (Directory.Exists(workFolder))
            {
                Directory.Delete(workFolder, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A container running as another user may leave files behind; the next build wipes the build folder.
        }
    }

    private int WorkerCount(LambdaRuntime runtime, int files)
    {
        if (!OrderIndependentVersions.Contains(runtime.PythonVersion))
        {
            return 1;
        }
        var most = Math.Max(1, Workers ?? Environment.ProcessorCount);
        return Math.Clamp((files + MinimumFilesPerWorker - 1) / MinimumFilesPerWorker, 1, most);
    }

    private async Task<CompilerRun> OnHostAsync(LayerSettings settings, IReadOnlyList<CompileTask> tasks, int workers, WorkFiles files,
        CancellationToken cancellationToken)
    {
        var python = PythonInterpreterLocator.FindExactCached(settings);
        if (python is null)
        {
            return CompilerRun.Skip($"no {settings.Runtime.InterpreterName} here");
        }
        await WriteSpecAsync(files.Spec, settings, tasks, workers, path => path, cancellationToken).ConfigureAwait(false);
        var where = $"{settings.Runtime.InterpreterName} ({python})";
        _log.Information("Compiling {Files} Python files to bytecode for {Runtime} with {Interpreter} in {Workers} worker processes",
            tasks.Count, settings.Runtime.Name, where, workers);
        var result = await ProcessRunner.RunAsync(new ProcessRequest(python, ["-I", "-S", "-B", files.Script, files.Spec, files.Result])
        {
            TimeLimit = TimeLimit,
            KeptLines = 20,
            Purpose = "compiling the layer's bytecode",
        }, cancellationToken).ConfigureAwait(false);
        if (result.TimedOut)
        {
            return CompilerRun.Skip(TimedOut(where));
        }
        return result.Succeeded
            ? new CompilerRun(where, $"({python})")
            : CompilerRun.Skip($"{where} failed: exit code {result.ExitCode.ToString(CultureInfo.InvariantCulture)}{LastLine(result.Text)}");
    }

    private async Task<CompilerRun> InContainerAsync(LayerSettings settings, IReadOnlyList<CompileTask> tasks, int workers, WorkFiles files,
        CancellationToken cancellationToken)
    {
        var executor = containerExecutor?.Invoke(settings);
        if (executor is null)
        {
            return CompilerRun.Skip("this front end provides no container executor to run the build image");
        }
        var project = settings.ProjectDirectory;
        string InContainer(string hostPath) => ContainerExecutor.ToContainerPath(project, hostPath);
        try
        {
            await WriteSpecAsync(files.Spec, settings, tasks, workers, InContainer, cancellationToken).ConfigureAwait(false);
        }
        catch (LayerException e)
        {
            return CompilerRun.Skip(e.Message);
        }
        var where = $"python3 in {settings.EffectiveImage}";
        var plan = BuildImageScript.Plan(settings, "bytecode compile", [InContainer(files.Script), InContainer(files.Spec), InContainer(files.Result)]);
        try
        {
            await executor.CheckAsync(plan, cancellationToken).ConfigureAwait(false);
        }
        catch (LayerException e)
        {
            return CompilerRun.Skip($"the build image cannot run here ({e.Message})");
        }
        _log.Information("Compiling {Files} Python files to bytecode for {Runtime} with {Interpreter} in {Workers} worker processes",
            tasks.Count, settings.Runtime.Name, where, workers);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeLimit);
        try
        {
            await executor.ExecuteAsync(plan, limit.Token).ConfigureAwait(false);
            return new CompilerRun(where, $"in {settings.EffectiveImage}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return CompilerRun.Skip(TimedOut(where));
        }
        catch (LayerException e)
        {
            return CompilerRun.Skip($"{where} failed: {e.Message}");
        }
    }

    private static async Task WriteSpecAsync(string path, LayerSettings settings, IReadOnlyList<CompileTask> tasks, int workers,
        Func<string, string> seenFromInterpreter, CancellationToken cancellationToken)
    {
        // Contiguous chunks of the sorted list: with one worker this is the whole list in path order.
        var size = (tasks.Count + workers - 1) / workers;
        var partitions = tasks.Chunk(size)
            .Select(chunk => chunk.Select(t => new[] { t.ZipPath, seenFromInterpreter(t.Source), seenFromInterpreter(t.Target), t.Display }).ToArray())
            .ToArray();
        var spec = new
        {
            Python = settings.Runtime.PythonVersion,
            CacheTag = CacheTag(settings.Runtime),
            Partitions = partitions,
        };
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(spec, SpecJson), cancellationToken).ConfigureAwait(false);
    }

    private BytecodeOutcome Interpret(string resultPath, CompilerRun run, IReadOnlyList<CompileTask> tasks, string cacheTag)
    {
        JsonElement result;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(resultPath));
            result = document.RootElement.Clone();
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return BytecodeOutcome.Skipped($"{run.Where} wrote no result");
        }
        if (result.TryGetProperty("skip", out var skip))
        {
            return BytecodeOutcome.Skipped($"{run.Where}: {skip.GetString()}");
        }
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (result.TryGetProperty("failures", out var failed) && failed.ValueKind == JsonValueKind.Object)
        {
            foreach (var failure in failed.EnumerateObject())
            {
                errors[failure.Name] = failure.Value.GetString() ?? "does not compile";
            }
        }
        var version = result.TryGetProperty("interpreter", out var interpreter) ? interpreter.GetString() : null;
        var compiled = new List<(ZipEntrySource, string)>(tasks.Count);
        var failures = new List<BytecodeFailure>();
        long bytes = 0;
        foreach (var task in tasks)
        {
            if (errors.TryGetValue(task.ZipPath, out var error))
            {
                failures.Add(new BytecodeFailure(task.ZipPath, error));
                continue;
            }
            var pyc = new FileInfo(task.Target);
            if (!pyc.Exists)
            {
                failures.Add(new BytecodeFailure(task.ZipPath, "the compiler wrote no pyc for it"));
                continue;
            }
            // A pyc that would make the zip depend on file times (or make the runtime read the source anyway) is
            // worse than none: the whole step is dropped rather than shipping it.
            if (PycHeader.Read(task.Target) is not { IsUncheckedHash: true })
            {
                return BytecodeOutcome.Skipped($"{run.Where} wrote {task.ZipPath}'s pyc without the unchecked-hash flag, so no bytecode is packaged");
            }
            bytes += pyc.Length;
            compiled.Add((new ZipEntrySource(PycZipPath(task.ZipPath, cacheTag), pyc.FullName, pyc.Length, PycMode), task.ZipPath));
        }
        return new BytecodeOutcome
        {
            Result = BytecodeOutcome.CompiledResult,
            Interpreter = version is null ? run.Where : $"Python {version} {run.Place}",
            CacheTag = cacheTag,
            Files = compiled.Count,
            Bytes = bytes,
            Failures = failures,
            Entries = compiled,
        };
    }

    private string TimedOut(string where) =>
        $"{where} did not finish within {TimeLimit.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s, so the layer is packaged without bytecode";

    private static string LastLine(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() is { } last ? ": " + last : "";

    /// <summary>One file to compile: its zip path, its source and pyc paths here, and the path compiled into the pyc.</summary>
    private sealed record CompileTask(string ZipPath, string Source, string Target, string Display);

    private sealed record WorkFiles(string Script, string Spec, string Result);

    /// <summary>Where the compiler ran ("python3.11 (/usr/bin/python3.11)"; <see cref="Place"/>: "(/usr/bin/python3.11)"), or why it could not.</summary>
    private sealed record CompilerRun(string Where, string Place = "")
    {
        public BytecodeOutcome? Skipped { get; init; }

        public static CompilerRun Skip(string reason) => new("") { Skipped = BytecodeOutcome.Skipped(reason) };
    }
}
