using System.IO.Compression;
using System.Text;
using System.Text.Json;
using LambdaLayers.Execution;
using LambdaLayers.Packaging;
using LambdaLayers.Pipeline;
using LambdaLayers.Reporting;
using LambdaLayers.Settings;
using LambdaLayers.Tests.Support;

namespace LambdaLayers.Tests.Packaging;

/// <summary>
/// The bytecode step through PackageLayer, with the real interpreters of this machine: pycs for the runtime's
/// version beside every .py of the zip, hash-based and unchecked (read back by that interpreter: magic number,
/// flags word, source hash, the path compiled in), the same bytes from any folder, any number of workers and,
/// for Python 3.10, whose compiler depends on the hash seed, from any seed; files that do not compile are listed,
/// and the step says why when it cannot run or its output does not fit the budget.
/// </summary>
public sealed class BytecodeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string SetsModule = """
        def kind(word):
            if word in {"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa"}:
                return "greek"
            return "other"

        """;

    /// <summary>Reads every pyc of a zip with the interpreter: whether it is that interpreter's, its flags, whether its hash is its source's, and co_filename.</summary>
    private const string PycInspector = """
        import importlib.util, json, marshal, sys, zipfile
        z = zipfile.ZipFile(sys.argv[1])
        names = set(z.namelist())
        found = []
        for name in sorted(names):
            if not name.endswith(".pyc"):
                continue
            data = z.read(name)
            folder, file = name.rsplit("/__pycache__/", 1)
            source = folder + "/" + file.rsplit(".", 2)[0] + ".py"
            found.append({
                "pyc": name,
                "source": source,
                "magic": data[:4] == importlib.util.MAGIC_NUMBER,
                "flags": int.from_bytes(data[4:8], "little"),
                "hashMatches": source in names and importlib.util.source_hash(z.read(source)) == data[8:16],
                "filename": marshal.loads(data[16:]).co_filename,
            })
        print(json.dumps(found))
        """;

    private sealed record PycFacts(string Pyc, string Source, bool Magic, int Flags, bool HashMatches, string Filename);

    private static string Interpreter(string runtime)
    {
        var settings = LambdaLayers.Tests.Pipeline.BuildFixture.Settings(Path.GetTempPath(), ToolKind.Pip, runtime: runtime);
        var python = PythonInterpreterLocator.FindExact(settings);
        TestEnvironment.Require(python is not null, $"Python {settings.Runtime.PythonVersion} (python{settings.Runtime.PythonVersion} on PATH or a pyenv {settings.Runtime.PythonVersion}.x)");
        return python!;
    }

    private static LayerTree Tree(string runtime, string? folderName = null)
    {
        var tree = new LayerTree(folderName);
        tree.Settings = tree.Settings with { Runtime = LambdaRuntimes.Find(runtime)!, Bytecode = true };
        return tree;
    }

    /// <summary>
    /// Two distributions with a nested package, a top-level module, set constants, non-ASCII text and a latin-1
    /// source; a Python 2 leftover, a template named .py and a file with a NUL byte that do not compile; the
    /// host's own stale bytecode; and pip, which the default excludes drop.
    /// </summary>
    private static void AddSources(LayerTree tree)
    {
        tree.AddDistribution("textkit", "1.0", new Dictionary<string, string>
        {
            ["textkit/__init__.py"] = "from .sets import kind\nVALUE = 'original'\n",
            ["textkit/sets.py"] = SetsModule,
            ["textkit/unicode/__init__.py"] = "ARROWS = '→⇒⟶'\nNAME = 'Ünïcødé'\n",
            ["textkit/legacy.py"] = "print \"hello from Python 2\"\n",
            ["textkit/templates/app.py"] = "{% if name %}import {{ name }}{% endif %}\n",
            ["textkit/crlf.py"] = "A = 1\r\nB = 2\r\n",
            ["six_like.py"] = "PY3 = True\n",
        });
        tree.WriteFile("textkit/latin1.py", Encoding.Latin1.GetBytes("# -*- coding: latin-1 -*-\nS = 'caf\u00e9'\n"));
        tree.WriteFile("textkit/nul.py", "A = 1\0\n");
        tree.AddDistribution("pip", "24.0", new Dictionary<string, string> { ["pip/__init__.py"] = "__version__ = '24.0'\n" });
        // What a host's pip left: a timestamp-based pyc of another version and one of the runtime's own.
        tree.WriteFile("textkit/__pycache__/sets.cpython-312.pyc", "stale bytes of the host");
        tree.WriteFile("textkit/__pycache__/__init__.cpython-311.pyc", "stale bytes of the host");
    }

    private static IReadOnlyList<PycFacts> InspectPycs(string python, string zip) =>
        JsonSerializer.Deserialize<List<PycFacts>>(PythonZipReader.Run(python, "-I", "-S", "-c", PycInspector, zip),
            new JsonSerializerOptions(JsonSerializerDefaults.Web))!;

    private static IReadOnlyList<string> ZipNames(string zip)
    {
        using var archive = ZipFile.OpenRead(zip);
        return archive.Entries.Select(e => e.FullName).ToList();
    }

    [Fact]
    public async Task Every_py_file_gets_an_unchecked_hash_pyc_of_the_runtime_beside_it_and_files_that_do_not_compile_are_listed()
    {
        var python = Interpreter("python3.11");
        using var tree = Tree("python3.11");
        AddSources(tree);
        var artifactsBefore = LambdaLayers.FileSystem.DirectoryHash.Compute(tree.Settings.Layout.ArtifactsDirectory);
        var log = new CapturingLogger();

        var result = await new PackageLayerStage(log.Logger).RunAsync(tree.Settings, Ct);

        var names = ZipNames(tree.ZipPath);
        var failing = new[] { "python/textkit/legacy.py", "python/textkit/nul.py", "python/textkit/templates/app.py" };
        var compiling = names.Where(n => n.EndsWith(".py", StringComparison.Ordinal)).Except(failing).ToList();
        Assert.Equal(["python/six_like.py", "python/textkit/__init__.py", "python/textkit/crlf.py", "python/textkit/latin1.py", "python/textkit/sets.py", "python/textkit/unicode/__init__.py"],
            compiling.Order(StringComparer.Ordinal));
        var pycs = InspectPycs(python, tree.ZipPath);
        Assert.Equal(compiling.Order(StringComparer.Ordinal), pycs.Select(p => p.Source));
        foreach (var pyc in pycs)
        {
            Assert.Matches(@"/__pycache__/[^/]+\.cpython-311\.pyc$", pyc.Pyc);
            Assert.True(pyc.Magic, $"{pyc.Pyc} is not python3.11's bytecode");
            Assert.Equal(1, pyc.Flags); // PEP 552: hash-based, unchecked
            Assert.True(pyc.HashMatches, $"{pyc.Pyc} does not carry its source's hash");
            Assert.Equal("/opt/" + pyc.Source, pyc.Filename);
        }
        // Also read by our own header reader, straight from the zip.
        using (var archive = ZipFile.OpenRead(tree.ZipPath))
        {
            foreach (var entry in archive.Entries.Where(e => e.FullName.EndsWith(".pyc", StringComparison.Ordinal)))
            {
                using var stream = entry.Open();
                var header = new byte[PycHeader.Length];
                stream.ReadExactly(header);
                Assert.True(PycHeader.Parse(header)!.IsUncheckedHash, entry.FullName);
            }
        }
        Assert.DoesNotContain(names, n => n.Contains("cpython-312", StringComparison.Ordinal));
        Assert.DoesNotContain(names, n => n.StartsWith("python/pip", StringComparison.Ordinal));
        Assert.DoesNotContain(names, n => failing.Any(f => n == BytecodeCompiler.PycZipPath(f, "cpython-311")));

        var bytecode = result.Report!.Bytecode!;
        Assert.Equal(BytecodeOutcome.CompiledResult, bytecode.Result);
        Assert.Equal(6, bytecode.Files);
        Assert.Equal("cpython-311", bytecode.CacheTag);
        Assert.Equal(failing, bytecode.Failures.Select(f => f.Path));
        Assert.Contains("SyntaxError: Missing parentheses in call to 'print'", bytecode.Failures[0].Error);
        Assert.Contains("(line 1)", bytecode.Failures[0].Error);
        Assert.Contains("null bytes", bytecode.Failures[1].Error);
        Assert.StartsWith("SyntaxError", bytecode.Failures[2].Error);
        var report = PackageRecord.TryRead(tree.ReportPath)!;
        Assert.Equal(bytecode.Bytes, report.Bytecode!.Bytes);
        Assert.Equal(failing, report.Bytecode.Failures.Select(f => f.Path));
        Assert.Equal(names.Count, report.FileCount);
        // A pyc counts for the distribution of its source: textkit's 7 recorded files, 3 dist-info files and 5 pycs.
        Assert.Equal(15, report.Distributions.Single(d => d.Name == "textkit").Files);
        Assert.Equal(names.Count, report.Distributions.Sum(d => d.Files));
        var rows = LayerCheckRows.For(report).ToList();
        Assert.Contains(rows, r => r.Name == "bytecode" && r.Value.StartsWith("compiled: 6 files to cpython-311 pycs (unchecked hash) with Python 3.11.", StringComparison.Ordinal)
            && r.Value.EndsWith("; 3 left without bytecode (they do not compile)", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Name == "no bytecode" && r.Value.StartsWith("python/textkit/legacy.py (SyntaxError: Missing parentheses", StringComparison.Ordinal));
        Assert.Contains(log.Lines, l => l.StartsWith("3 Python files are left without bytecode because they do not compile for python3.11", StringComparison.Ordinal));

        // The installed tree is untouched and the work folder is gone; the next run skips as unchanged.
        Assert.Equal(artifactsBefore, LambdaLayers.FileSystem.DirectoryHash.Compute(tree.Settings.Layout.ArtifactsDirectory));
        Assert.False(Directory.Exists(Path.Combine(tree.Settings.Layout.BuildDirectory, PackageLayerStage.BytecodeFolderName)));
        var again = await new PackageLayerStage(log.Logger).RunAsync(tree.Settings, Ct);
        Assert.True(again.Skipped, again.Reason);
    }

    [Fact]
    public async Task The_layer_loads_its_pycs_without_looking_at_the_sources()
    {
        var python = Interpreter("python3.11");
        using var tree = Tree("python3.11");
        AddSources(tree);
        await new PackageLayerStage(new CapturingLogger().Logger).RunAsync(tree.Settings, Ct);
        using var unpacked = new TemporaryDirectory();
        ZipFile.ExtractToDirectory(tree.ZipPath, unpacked.Path);
        // An unchecked pyc is used as it is: a source changed after packaging must not be read.
        File.WriteAllText(Path.Combine(unpacked.Path, "python", "textkit", "__init__.py"), "raise RuntimeError('the source was read')\n");

        var output = PythonZipReader.Run(python, "-I", "-S", "-B", "-c",
            "import sys; sys.path.insert(0, sys.argv[1]); import textkit, textkit.unicode; print(textkit.VALUE, textkit.kind('beta'), textkit.unicode.NAME, textkit.__cached__.endswith('cpython-311.pyc'))",
            Path.Combine(unpacked.Path, "python"));

        Assert.Equal("original greek Ünïcødé True", output.Trim());
    }

    [Fact]
    public async Task Two_projects_in_different_folders_with_different_file_times_give_byte_identical_zips()
    {
        Interpreter("python3.11");
        async Task<byte[]> Package(string? folder, DateTime time)
        {
            using var tree = Tree("python3.11", folder);
            AddSources(tree);
            foreach (var file in Directory.EnumerateFiles(tree.PythonDirectory, "*", SearchOption.AllDirectories))
            {
                File.SetLastWriteTimeUtc(file, time);
            }
            var result = await new PackageLayerStage(new CapturingLogger().Logger).RunAsync(tree.Settings, Ct);
            Assert.Equal(BytecodeOutcome.CompiledResult, result.Report!.Bytecode!.Result);
            return File.ReadAllBytes(tree.ZipPath);
        }

        var first = await Package(null, new DateTime(2003, 4, 5, 6, 7, 8, DateTimeKind.Utc));
        var second = await Package($"ll-pkg-{Guid.NewGuid():N}-a much longer project folder name", new DateTime(2024, 12, 31, 23, 59, 59, DateTimeKind.Utc));

        Assert.Equal(first, second);
    }

    [Fact]
    public async Task Python_3_10_pycs_are_identical_from_any_folder_although_its_compiler_follows_the_hash_seed()
    {
        var python = Interpreter("python3.10");
        // The trap: the same source compiled under two hash seeds gives two different pycs on 3.10.
        using (var scratch = new TemporaryDirectory())
        {
            var source = Path.Combine(scratch.Path, "sets.py");
            File.WriteAllText(source, SetsModule);
            async Task<byte[]> CompileWithSeed(string seed)
            {
                var target = Path.Combine(scratch.Path, $"sets-{seed}.pyc");
                var run = await ProcessRunner.RunAsync(new ProcessRequest(python,
                    ["-c", "import py_compile, sys; py_compile.compile(sys.argv[1], cfile=sys.argv[2], doraise=True, invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)", source, target])
                {
                    Environment = new Dictionary<string, string?> { ["PYTHONHASHSEED"] = seed },
                }, Ct);
                Assert.True(run.Succeeded, run.Text);
                return File.ReadAllBytes(target);
            }
            Assert.NotEqual(await CompileWithSeed("1"), await CompileWithSeed("2"));
        }

        async Task<byte[]> Package(string? folder)
        {
            using var tree = Tree("python3.10", folder);
            for (var i = 0; i < 40; i++)
            {
                tree.WriteFile($"setsmod/m{i}.py", SetsModule.Replace("alpha", $"alpha{i}", StringComparison.Ordinal) + $"TEXT = 'ünï{i}→'\n");
            }
            var result = await new PackageLayerStage(new CapturingLogger().Logger).RunAsync(tree.Settings, Ct);
            Assert.Equal(40, result.Report!.Bytecode!.Files);
            Assert.All(ZipNames(tree.ZipPath).Where(n => n.EndsWith(".pyc", StringComparison.Ordinal)), n => Assert.EndsWith(".cpython-310.pyc", n));
            return File.ReadAllBytes(tree.ZipPath);
        }

        Assert.Equal(await Package(null), await Package($"ll-pkg-{Guid.NewGuid():N}-elsewhere"));
    }

    [Fact]
    public async Task The_number_of_worker_processes_does_not_change_the_bytes()
    {
        Interpreter("python3.11");
        using var tree = Tree("python3.11");
        for (var i = 0; i < 450; i++)
        {
            tree.WriteFile($"manymods/sub{i % 9}/m{i}.py", SetsModule.Replace("alpha", $"alpha{i}", StringComparison.Ordinal) + $"TEXT = 'ünï{i}→'\nNUMBERS = {{{i}, {i + 1}, {i * 7}}}\n");
        }
        var contents = new LayerContentPlanner(Serilog.Core.Logger.None).Plan(tree.PythonDirectory, "python/", [], []);
        async Task<Dictionary<string, byte[]>> Compile(int workers)
        {
            var log = new CapturingLogger();
            var folder = Path.Combine(tree.Settings.Layout.BuildDirectory, $"bytecode-{workers}");
            var outcome = await new BytecodeCompiler(log.Logger) { Workers = workers }
                .CompileAsync(tree.Settings, contents.Entries, folder, BytecodeCompiler.LayerRuntimeRoot, Ct);
            Assert.Equal(450, outcome.Files);
            Assert.Contains(log.Lines, l => l.Contains($" in {workers} worker processes", StringComparison.Ordinal));
            return outcome.Entries.ToDictionary(e => e.Pyc.ZipPath, e => File.ReadAllBytes(e.Pyc.SourcePath));
        }

        var one = await Compile(1);
        var three = await Compile(3);

        Assert.Equal(one.Keys.Order(StringComparer.Ordinal), three.Keys.Order(StringComparer.Ordinal));
        Assert.All(one, pair => Assert.Equal(pair.Value, three[pair.Key]));
    }

    [Fact]
    public async Task Without_an_interpreter_of_the_runtime_the_layer_is_packaged_without_bytecode_and_says_why_and_stays_unchanged()
    {
        using var tree = Tree("python3.14");
        TestEnvironment.Require(PythonInterpreterLocator.FindExact(tree.Settings) is null, "A machine without python3.14 (this test checks the skip)");
        AddSources(tree);
        var log = new CapturingLogger();

        var result = await new PackageLayerStage(log.Logger).RunAsync(tree.Settings, Ct);

        Assert.Equal("skipped, no python3.14 here", result.Report!.Bytecode!.Summary);
        Assert.DoesNotContain(ZipNames(tree.ZipPath), n => n.EndsWith(".pyc", StringComparison.Ordinal));
        Assert.Contains(("bytecode", "skipped, no python3.14 here"), LayerCheckRows.For(result.Report));
        // Whether an interpreter was found is not an input: the rerun does not package again to try once more.
        var again = await new PackageLayerStage(log.Logger).RunAsync(tree.Settings, Ct);
        Assert.True(again.Skipped, again.Reason);
        Assert.Equal("skipped, no python3.14 here", again.Report!.Bytecode!.Summary);
    }

    [Fact]
    public async Task No_bytecode_turns_it_off_changes_the_fingerprint_and_turning_it_on_again_repackages()
    {
        Interpreter("python3.11");
        using var tree = Tree("python3.11");
        AddSources(tree);
        var off = tree.Settings with { Bytecode = false };
        Assert.NotEqual(LayerFingerprint.Compute(tree.Settings).Value, LayerFingerprint.Compute(off).Value);
        Assert.Contains("bytecode=off", LayerFingerprint.Compute(off).Inputs);

        var withoutBytecode = await new PackageLayerStage(new CapturingLogger().Logger).RunAsync(off, Ct);

        Assert.Equal("off (turned off with --no-bytecode)", withoutBytecode.Report!.Bytecode!.Summary);
        Assert.DoesNotContain(ZipNames(tree.ZipPath), n => n.EndsWith(".pyc", StringComparison.Ordinal));
        var on = await new PackageLayerStage(new CapturingLogger().Logger).RunAsync(tree.Settings, Ct);
        Assert.False(on.Skipped);
        Assert.Equal("the fingerprint changed (settings, manifest or packager format)", on.Reason);
        Assert.Equal(6, on.Report!.Bytecode!.Files);
        Assert.Equal(withoutBytecode.Report.UnzippedBytes + on.Report.Bytecode.Bytes, on.Report.UnzippedBytes);
    }

    [Fact]
    public async Task Bytecode_that_would_push_the_layer_over_the_budget_is_left_out_with_the_reason()
    {
        Interpreter("python3.11");
        using var tree = Tree("python3.11");
        AddSources(tree);
        var full = (await new PackageLayerStage(new CapturingLogger().Logger).RunAsync(tree.Settings, Ct)).Report!;
        var withoutBytecode = full.UnzippedBytes - full.Bytecode!.Bytes;
        // Room for the layer and half its bytecode.
        var tight = tree.Settings with { ReservedBytes = LambdaLimits.UnzippedBytes - withoutBytecode - full.Bytecode.Bytes / 2 };
        var log = new CapturingLogger();

        var result = await new PackageLayerStage(log.Logger).RunAsync(tight, Ct);

        Assert.False(result.Skipped);
        var bytecode = result.Report!.Bytecode!;
        Assert.Equal(BytecodeOutcome.SkippedResult, bytecode.Result);
        Assert.StartsWith($"skipped, with its {full.Bytecode.Bytes:N0} bytes of bytecode the layer would be {full.UnzippedBytes:N0} bytes unzipped, over the ", bytecode.Summary);
        Assert.EndsWith("it may take, so it is packaged without", bytecode.Summary);
        Assert.Equal(withoutBytecode, result.Report.UnzippedBytes);
        Assert.DoesNotContain(ZipNames(tree.ZipPath), n => n.EndsWith(".pyc", StringComparison.Ordinal));
        Assert.Contains(log.Lines, l => l.StartsWith("No bytecode in layer.zip: with its", StringComparison.Ordinal));
    }

    [Fact]
    public async Task In_container_mode_the_build_image_compiles_and_the_zip_is_the_one_a_local_python311_makes()
    {
        Interpreter("python3.11");
        LambdaLayers.Tests.Execution.Containers.DockerTestSupport.RequireDocker();
        using var local = Tree("python3.11");
        AddSources(local);
        await new PackageLayerStage(new CapturingLogger().Logger).RunAsync(local.Settings, Ct);
        using var inContainer = Tree("python3.11");
        AddSources(inContainer);
        inContainer.Settings = inContainer.Settings with
        {
            Mode = BuildMode.Container,
            DockerArguments = ["--label", LambdaLayers.Tests.Execution.Containers.DockerTestSupport.RunLabel],
        };
        var log = new CapturingLogger();

        var result = await new PackageLayerStage(log.Logger, s => new LambdaLayers.Execution.Containers.ContainerExecutor(log.Logger)).RunAsync(inContainer.Settings, Ct);

        var bytecode = result.Report!.Bytecode!;
        Assert.Equal(BytecodeOutcome.CompiledResult, bytecode.Result);
        Assert.Matches(@"^Python 3\.11\.\d+ in public\.ecr\.aws/sam/build-python3\.11:latest-x86_64$", bytecode.Interpreter);
        Assert.Equal(6, bytecode.Files);
        Assert.Equal(3, bytecode.Failures.Count);
        Assert.Contains(log.Lines, l => l.Contains("python3 -I -S -B /var/task/build/lambda/layer/bytecode/lambda_layers_bytecode.py", StringComparison.Ordinal));
        Assert.Equal(File.ReadAllBytes(local.ZipPath), File.ReadAllBytes(inContainer.ZipPath));
        Assert.False(Directory.Exists(Path.Combine(inContainer.Settings.Layout.BuildDirectory, PackageLayerStage.BytecodeFolderName)));
    }

    /// <summary>What a caller with a folder (the function bundle) gets: entries relative to the folder, the runtime path compiled in, the folder untouched.</summary>
    [Fact]
    public async Task A_folder_compiles_as_the_root_of_function_code_and_is_left_untouched()
    {
        var python = Interpreter("python3.11");
        using var project = new TempProject("[project]\nname = \"orders\"\n")
            .Write("code/app/__init__.py", "")
            .Write("code/app/handler.py", "def handler(event, context):\n    return {'ok': True}\n")
            .Write("code/legacy.py", "print \"py2\"\n")
            .Write("code/README.txt", "not python\n");
        var settings = LambdaLayers.Tests.Pipeline.BuildFixture.Settings(project.Root, ToolKind.Pip, runtime: "python3.11");
        var work = project.Path("build/bytecode");
        var compiler = new BytecodeCompiler(new CapturingLogger().Logger);

        var outcome = await compiler.CompileFolderAsync(settings, project.Path("code"), work, BytecodeCompiler.FunctionRuntimeRoot, Ct);

        Assert.Equal(BytecodeOutcome.CompiledResult, outcome.Result);
        Assert.Equal(["app/__init__.py", "app/handler.py"], outcome.Entries.Select(e => e.SourceZipPath));
        Assert.Equal(["app/__pycache__/__init__.cpython-311.pyc", "app/__pycache__/handler.cpython-311.pyc"], outcome.Entries.Select(e => e.Pyc.ZipPath));
        Assert.Equal("legacy.py", Assert.Single(outcome.Failures).Path);
        Assert.StartsWith("SyntaxError: Missing parentheses in call to 'print'", outcome.Failures[0].Error);
        var handlerPyc = outcome.Entries[1].Pyc.SourcePath;
        Assert.StartsWith(Path.GetFullPath(work), handlerPyc);
        var facts = PythonZipReader.Run(python, "-I", "-S", "-c",
            "import marshal, sys; d = open(sys.argv[1], 'rb').read(); print(int.from_bytes(d[4:8], 'little'), marshal.loads(d[16:]).co_filename)", handlerPyc);
        Assert.Equal("1 /var/task/app/handler.py", facts.Trim());
        Assert.Empty(Directory.GetDirectories(project.Path("code"), "__pycache__", SearchOption.AllDirectories));
        BytecodeCompiler.DeleteWorkFolder(work);
        Assert.False(Directory.Exists(work));

        var inside = await Assert.ThrowsAsync<ArgumentException>(() =>
            compiler.CompileFolderAsync(settings, project.Path("code"), project.Path("code/.work"), BytecodeCompiler.FunctionRuntimeRoot, Ct));
        Assert.Contains("lies inside the folder it would compile", inside.Message);
    }

    [Theory]
    [InlineData("python/six.py", "python/__pycache__/six.cpython-311.pyc")]
    [InlineData("python/a/b/c.py", "python/a/b/__pycache__/c.cpython-311.pyc")]
    [InlineData("python/lib/python3.11/site-packages/x.y.py", "python/lib/python3.11/site-packages/__pycache__/x.y.cpython-311.pyc")]
    [InlineData("handler.py", "__pycache__/handler.cpython-311.pyc")]
    public void A_pyc_sits_in_the_pycache_folder_beside_its_source(string source, string pyc)
    {
        Assert.Equal("cpython-311", BytecodeCompiler.CacheTag(LambdaRuntimes.Find("python3.11")!));
        Assert.Equal(pyc, BytecodeCompiler.PycZipPath(source, "cpython-311"));
    }

    [Fact]
    public void The_pyc_header_reader_reads_the_magic_and_flags_and_refuses_what_is_not_a_pyc()
    {
        byte[] hashBased = [0xa7, 0x0d, 0x0d, 0x0a, 1, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8];
        byte[] timestamp = [0xa7, 0x0d, 0x0d, 0x0a, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8];

        Assert.Equal(new PycHeader(3495, 1), PycHeader.Parse(hashBased));
        Assert.True(PycHeader.Parse(hashBased)!.IsUncheckedHash);
        Assert.False(PycHeader.Parse(timestamp)!.IsUncheckedHash);
        Assert.Null(PycHeader.Parse(hashBased.AsSpan(0, 15)));
        Assert.Null(PycHeader.Parse("stale bytes of the host"u8));
    }
}
