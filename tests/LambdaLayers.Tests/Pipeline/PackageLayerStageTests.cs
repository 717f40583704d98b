using System.Security.Cryptography;
using System.Text;
using LambdaLayers.FileSystem;
using LambdaLayers.Packaging;
using LambdaLayers.Pipeline;
using LambdaLayers.Reporting;
using LambdaLayers.Settings;
using LambdaLayers.Tests.Packaging;
using LambdaLayers.Tests.Support;
using Serilog.Events;

namespace LambdaLayers.Tests.Pipeline;

public sealed class PackageLayerStageTests
{
    private const int RegularFile = 0x8000;

    private static Dictionary<string, string> Files(params (string Path, string Content)[] files) =>
        files.ToDictionary(f => f.Path, f => f.Content);

    /// <summary>pip (with console scripts), pipdeptree (requires pip), requests (requires urllib3 only via an extra).</summary>
    private static void AddTypicalDistributions(LayerTree tree)
    {
        tree.AddDistribution("pip", "24.0",
            Files(("pip/__init__.py", "__version__ = '24.0'\n"), ("pip/_internal/cli.py", "def main():\n    pass\n")),
            scripts: ["pip", "pip3"]);
        tree.AddDistribution("pipdeptree", "2.23.0",
            Files(("pipdeptree/__init__.py", "from pip import __version__\n"), ("pipdeptree/_cli.py", "def main():\n    print('tree')\n")),
            requires: ["pip>=23.1.2", "packaging>=23.1"],
            scripts: ["pipdeptree"]);
        tree.AddDistribution("requests", "2.32.3",
            Files(("requests/__init__.py", string.Concat(Enumerable.Repeat("import json  # requests\n", 200))),
                  ("requests/api.py", "def get(url):\n    return url\n")),
            requires: ["charset-normalizer<4,>=2", "PySocks!=1.5.7,>=1.5.6; extra == \"socks\"", "pip; extra == 'dev'"]);
    }

    private static PackageLayerStage Stage(CollectingLogSink? sink = null) => new((sink ?? new CollectingLogSink()).CreateLogger());

    [Fact]
    public async Task Two_runs_over_trees_created_in_different_orders_and_times_give_identical_bytes()
    {
        async Task<byte[]> Build(int seed)
        {
            using var tree = new LayerTree();
            var random = new Random(seed);
            var files = Enumerable.Range(0, 60)
                .Select(i => (Path: $"pkg{i % 7}/sub{i % 3}/mod{i}.py", Content: $"# module {i}\n" + string.Concat(Enumerable.Repeat($"value_{i} = {i * 31}\n", i))))
                .OrderBy(_ => random.Next())
                .ToList();
            foreach (var (path, content) in files)
            {
                tree.WriteFile(path, content, executable: path.EndsWith("mod7.py"));
                File.SetLastWriteTimeUtc(tree.PathOf(path), new DateTime(2001 + random.Next(20), 1 + random.Next(12), 1 + random.Next(28), 0, 0, 0, DateTimeKind.Utc));
            }
            tree.WriteFile("blob.bin", RandomBytes(seed: 5, 70_000));
            AddTypicalDistributions(tree);
            var result = await Stage().RunAsync(tree.Settings, CancellationToken.None);
            Assert.False(result.Skipped);
            return File.ReadAllBytes(tree.ZipPath);
        }

        var first = await Build(seed: 1);
        var second = await Build(seed: 2);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(first)), Convert.ToHexStringLower(SHA256.HashData(second)));
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task Python_zipfile_reads_every_entry_with_valid_crc_fixed_time_unix_modes_and_no_extra_fields()
    {
        using var tree = new LayerTree();
        AddTypicalDistributions(tree);
        tree.WriteFile("tool/run.sh", "#!/bin/sh\necho hi\n", executable: true);
        // An x86_64 ELF header without sections, then incompressible bytes: the compatibility check passes it.
        tree.WriteFile("native/_speedups.so", [.. SyntheticElf.Build(true, true, 62, [], withSections: false), .. RandomBytes(seed: 3, 50_000)], executable: true);
        tree.WriteFile("empty.txt", "");
        tree.WriteFile("données/é.py", "x = 1\n");

        var result = await Stage().RunAsync(tree.Settings with { Excludes = [] }, CancellationToken.None);

        var listing = PythonZipReader.Read(tree.ZipPath);
        Assert.Null(listing.Bad);
        var names = listing.Entries.Select(e => e.Name).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal).ToList(), names);
        Assert.All(listing.Entries, e =>
        {
            Assert.StartsWith("python/", e.Name);
            Assert.False(e.Name.EndsWith('/'), "no directory entries");
            Assert.Equal(3, e.System);
            Assert.Equal([1980, 1, 1, 0, 0, 0], e.Time);
            Assert.Equal(0, e.Extra);
        });
        Assert.Equal(RegularFile | 0b111_101_101, Entry(listing, "python/tool/run.sh").Mode);
        Assert.Equal(RegularFile | 0b111_101_101, Entry(listing, "python/native/_speedups.so").Mode);
        Assert.Equal(RegularFile | 0b111_101_101, Entry(listing, "python/bin/pip").Mode);
        Assert.Equal(RegularFile | 0b110_100_100, Entry(listing, "python/requests/api.py").Mode);
        Assert.Equal(0, Entry(listing, "python/native/_speedups.so").Method); // random bytes: stored
        Assert.Equal(8, Entry(listing, "python/requests/__init__.py").Method); // text: deflated
        Assert.Equal(0, Entry(listing, "python/empty.txt").Method);
        Assert.Equal(Convert.ToHexStringLower("x = 1\n"u8), Entry(listing, "python/données/é.py").Content);
        Assert.Equal(result.Report!.FileCount, listing.Entries.Count);
    }

    [Fact]
    public async Task Layer_json_records_hashes_sizes_fingerprint_and_artifacts_hash()
    {
        using var tree = new LayerTree();
        AddTypicalDistributions(tree);

        var result = await Stage().RunAsync(tree.Settings, CancellationToken.None);

        var report = PackageRecord.TryRead(tree.ReportPath);
        Assert.NotNull(report);
        var digest = SHA256.HashData(File.ReadAllBytes(tree.ZipPath));
        Assert.Equal(Convert.ToHexStringLower(digest), report.ZipSha256);
        Assert.Equal(Convert.ToBase64String(digest), report.CodeSha256);
        Assert.Equal(new FileInfo(tree.ZipPath).Length, report.ZipBytes);
        Assert.Equal(LayerFingerprint.Compute(tree.Settings).Value, report.Fingerprint);
        Assert.Equal(DirectoryHash.Compute(tree.Settings.Layout.ArtifactsDirectory), report.ArtifactsHash);
        Assert.Equal(LayerFingerprint.PackagerFormatVersion, report.PackagerFormatVersion);
        Assert.Equal(report.UnzippedBytes, report.Distributions.Sum(d => d.UnzippedBytes));
        Assert.Equal(report.FileCount, report.Distributions.Sum(d => d.Files));
        Assert.Contains(report.Distributions, d => d.Name == "requests" && d.Version == "2.32.3" && d.ZippedBytes > 0);
        Assert.Equal(["pip 24.0"], report.ExcludedDistributions);
        Assert.Equal(result.Report, report with
        {
            Distributions = result.Report!.Distributions,
            ExcludedDistributions = result.Report!.ExcludedDistributions,
            Compatibility = result.Report!.Compatibility,
            SmokeTest = result.Report!.SmokeTest,
            Bytecode = result.Report!.Bytecode,
            LeftOut = result.Report!.LeftOut,
            Warnings = result.Report!.Warnings,
        });
        // The bytecode record holds lists, which records compare by reference: compared by what it says.
        Assert.Equal(result.Report!.Bytecode!.Summary, report.Bytecode!.Summary);
        Assert.Equal(result.Report!.Bytecode!.Result, report.Bytecode.Result);
        Assert.Equal(result.Report!.Bytecode!.Failures, report.Bytecode.Failures);
        Assert.All(report.Compatibility!, c => Assert.Equal("ok", c.Result));
        Assert.Equal(["pip 24.0 (default exclusion: a packaging tool, not needed at run time, 8 files, 865 B)"],
            report.LeftOut!.Select(l => $"{l.What} ({l.Reason}, {l.Files} files, {LayerRunReport.Size(l.Bytes)})"));
        var json = File.ReadAllText(tree.ReportPath);
        Assert.Contains("\"codeSha256\":", json);
        Assert.Contains("\n  \"fingerprint\":", json);
        Assert.Empty(Directory.GetFiles(tree.Settings.Layout.BuildDirectory, "*.tmp"));
    }

    [Fact]
    public async Task Excluding_pip_keeps_pipdeptree_removes_pips_recorded_files_scripts_and_dist_info_and_warns()
    {
        using var tree = new LayerTree();
        AddTypicalDistributions(tree);
        tree.WriteFile("requests/__pycache__/api.cpython-312.pyc", "compiled");
        tree.WriteFile("loose.pyc", "compiled");
        tree.WriteFile("pipdeptree-2.23.0.dist-info/cache.pyc", "kept: inside a kept dist-info");
        var sink = new CollectingLogSink();

        var result = await Stage(sink).RunAsync(tree.Settings with { Excludes = ["PIP"] }, CancellationToken.None);

        var removed = new[] { "pip", "pip-24.0.dist-info" }
            .SelectMany(folder => Directory.GetFiles(tree.PathOf(folder), "*", SearchOption.AllDirectories))
            .Concat(new[] { "bin/pip", "bin/pip3", "requests/__pycache__/api.cpython-312.pyc", "loose.pyc" }.Select(tree.PathOf))
            .ToList();
        Assert.Equal(removed.Count, result.Report!.ExcludedFiles);
        Assert.Equal(removed.Sum(f => new FileInfo(f).Length), result.Report.ExcludedBytes);
        var names = PythonZipReader.Read(tree.ZipPath).Entries.Select(e => e.Name[("python/".Length)..]).ToHashSet();
        Assert.Contains("pipdeptree/__init__.py", names);
        Assert.Contains("pipdeptree/_cli.py", names);
        Assert.Contains("bin/pipdeptree", names);
        Assert.Contains("pipdeptree-2.23.0.dist-info/METADATA", names);
        Assert.Contains("pipdeptree-2.23.0.dist-info/RECORD", names);
        Assert.Contains("pipdeptree-2.23.0.dist-info/cache.pyc", names);
        Assert.Contains("requests-2.32.3.dist-info/METADATA", names);
        Assert.DoesNotContain(names, n => n.StartsWith("pip/") || n.StartsWith("pip-24.0.dist-info/"));
        Assert.DoesNotContain("bin/pip", names);
        Assert.DoesNotContain("bin/pip3", names);
        Assert.DoesNotContain("requests/__pycache__/api.cpython-312.pyc", names);
        Assert.DoesNotContain("loose.pyc", names);

        var warnings = sink.Messages(LogEventLevel.Warning).ToList();
        Assert.Single(warnings, w => w.Contains("pipdeptree") && w.Contains("\"pip\""));
        Assert.DoesNotContain(warnings, w => w.Contains("requests")); // its pip requirement is extra-only
    }

    [Fact]
    public async Task A_file_listed_by_both_an_excluded_and_a_kept_distribution_stays()
    {
        using var tree = new LayerTree();
        tree.AddDistribution("google-auth-x", "1.0", Files(("google/__init__.py", "# namespace\n"), ("google/auth_x.py", "A = 1\n")));
        tree.AddDistribution("google-api-y", "2.0", Files(("google/__init__.py", "# namespace\n"), ("google/api_y.py", "B = 2\n")));

        await Stage().RunAsync(tree.Settings with { Excludes = ["google-auth-x"] }, CancellationToken.None);

        var names = PythonZipReader.Read(tree.ZipPath).Entries.Select(e => e.Name).ToList();
        Assert.Contains("python/google/__init__.py", names);
        Assert.Contains("python/google/api_y.py", names);
        Assert.DoesNotContain("python/google/auth_x.py", names);
        Assert.DoesNotContain(names, n => n.StartsWith("python/google_auth_x-1.0.dist-info/"));
    }

    [Fact]
    public async Task A_distribution_is_matched_by_its_normalised_name_not_its_folder_prefix()
    {
        using var tree = new LayerTree();
        tree.AddDistribution("Typing_Extensions", "4.12.2", Files(("typing_extensions.py", "X = 1\n")));
        tree.AddDistribution("typing-inspect", "0.9.0", Files(("typing_inspect.py", "Y = 2\n")));

        await Stage().RunAsync(tree.Settings with { Excludes = ["typing.extensions"] }, CancellationToken.None);

        var names = PythonZipReader.Read(tree.ZipPath).Entries.Select(e => e.Name).ToList();
        Assert.DoesNotContain("python/typing_extensions.py", names);
        Assert.Contains("python/typing_inspect.py", names);
        Assert.Contains("python/typing_inspect-0.9.0.dist-info/METADATA", names);
    }

    [Fact]
    public async Task Site_packages_root_places_files_under_the_runtime_path()
    {
        using var tree = new LayerTree();
        tree.WriteFile("mod.py", "A = 1\n");

        var result = await Stage().RunAsync(tree.Settings with { ZipRoot = ZipRoot.SitePackages }, CancellationToken.None);

        Assert.Equal(["python/lib/python3.12/site-packages/mod.py"], PythonZipReader.Read(tree.ZipPath).Entries.Select(e => e.Name));
        Assert.Equal("python/lib/python3.12/site-packages/", result.Report!.ZipRoot);
    }

    [Fact]
    public async Task A_symbolic_link_inside_the_tree_is_stored_as_the_file_or_folder_it_points_to()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "symbolic links need privileges on Windows");
        using var tree = new LayerTree();
        var library = SyntheticElf.Build(true, true, 62, [], withSections: false)[..64]; // an x86_64 ELF header alone
        tree.WriteFile("lib/libfoo.so.1.2", library, executable: true);
        File.CreateSymbolicLink(tree.PathOf("lib/libfoo.so"), "libfoo.so.1.2");
        tree.WriteFile("shared/data/table.csv", "a,b\n1,2\n");
        File.CreateSymbolicLink(tree.PathOf("pkg_data"), "shared/data");
        Directory.CreateDirectory(tree.PathOf("shared/data/nested"));
        File.CreateSymbolicLink(tree.PathOf("shared/data/nested/sibling"), "../../other");
        tree.WriteFile("shared/other/x.txt", "x");

        await Stage().RunAsync(tree.Settings, CancellationToken.None);

        var listing = PythonZipReader.Read(tree.ZipPath);
        Assert.Null(listing.Bad);
        Assert.Equal(Convert.ToHexStringLower(library), Entry(listing, "python/lib/libfoo.so").Content);
        Assert.Equal(RegularFile | 0b111_101_101, Entry(listing, "python/lib/libfoo.so").Mode);
        Assert.Equal(Convert.ToHexStringLower("a,b\n1,2\n"u8), Entry(listing, "python/pkg_data/table.csv").Content);
        Assert.Equal(Convert.ToHexStringLower("x"u8), Entry(listing, "python/pkg_data/nested/sibling/x.txt").Content);
    }

    [Fact]
    public async Task A_symbolic_link_pointing_outside_the_tree_is_an_error_naming_it_and_nothing_is_written()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "symbolic links need privileges on Windows");
        using var tree = new LayerTree();
        tree.WriteFile("ok.py", "A = 1\n");
        File.WriteAllText(Path.Combine(tree.Root, "secret.txt"), "host file");
        Directory.CreateDirectory(tree.PathOf("pkg"));
        File.CreateSymbolicLink(tree.PathOf("pkg/leak.txt"), Path.Combine(tree.Root, "secret.txt"));

        var error = await Assert.ThrowsAsync<UnsafeSymlinkException>(() => Stage().RunAsync(tree.Settings, CancellationToken.None));

        Assert.Equal("pkg/leak.txt", error.LinkPath);
        Assert.Contains("'pkg/leak.txt'", error.Message);
        Assert.Contains("outside", error.Message);
        Assert.False(File.Exists(tree.ZipPath));
        Assert.False(File.Exists(tree.ReportPath));
    }

    [Fact]
    public async Task A_symbolic_link_to_its_own_parent_folder_is_an_error_not_an_endless_walk()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "symbolic links need privileges on Windows");
        using var tree = new LayerTree();
        tree.WriteFile("pkg/a.py", "A = 1\n");
        File.CreateSymbolicLink(tree.PathOf("pkg/again"), "..");

        var error = await Assert.ThrowsAsync<UnsafeSymlinkException>(() => Stage().RunAsync(tree.Settings, CancellationToken.None));

        Assert.Equal("pkg/again", error.LinkPath);
        Assert.False(File.Exists(tree.ZipPath));
    }

    [Fact]
    public async Task Over_budget_fails_before_writing_and_lists_the_ten_largest_distributions()
    {
        using var tree = new LayerTree();
        for (var i = 1; i <= 12; i++)
        {
            tree.AddDistribution($"dist{i:00}", "1.0", Files(($"dist{i:00}/data.txt", new string('x', i * 1000))));
        }
        var settings = tree.Settings with { ReservedBytes = LambdaLimits.UnzippedBytes - 50_000 };

        var error = await Assert.ThrowsAsync<LayerBudgetExceededException>(() => Stage().RunAsync(settings, CancellationToken.None));

        Assert.Equal(50_000, error.LimitBytes);
        Assert.True(error.UnzippedBytes > 78_000);
        for (var i = 3; i <= 12; i++)
        {
            Assert.Contains($"dist{i:00} 1.0:", error.Message);
        }
        Assert.DoesNotContain("dist01 1.0:", error.Message);
        Assert.DoesNotContain("dist02 1.0:", error.Message);
        Assert.True(error.Message.IndexOf("dist12", StringComparison.Ordinal) < error.Message.IndexOf("dist11", StringComparison.Ordinal));
        Assert.Contains("Nothing was written", error.Message);
        Assert.False(File.Exists(tree.ZipPath));
        Assert.False(File.Exists(tree.ReportPath));
        Assert.Empty(Directory.GetFiles(tree.Settings.Layout.BuildDirectory));
    }

    [Fact]
    public async Task A_missing_artifacts_folder_says_to_run_BuildLayer_first()
    {
        using var tree = new LayerTree();
        Directory.Delete(tree.PythonDirectory, recursive: true);

        var error = await Assert.ThrowsAsync<LayerException>(() => Stage().RunAsync(tree.Settings, CancellationToken.None));

        Assert.Contains("Run BuildLayer first", error.Message);
        Assert.Contains(tree.PythonDirectory, error.Message);
    }

    [Fact]
    public async Task Skips_when_unchanged_and_rebuilds_on_each_kind_of_change()
    {
        using var tree = new LayerTree();
        AddTypicalDistributions(tree);
        var sink = new CollectingLogSink();
        var stage = Stage(sink);

        var first = await stage.RunAsync(tree.Settings, CancellationToken.None);
        Assert.False(first.Skipped);

        var unchanged = await stage.RunAsync(tree.Settings, CancellationToken.None);
        Assert.True(unchanged.Skipped);
        Assert.Equal(first.Report!.ZipSha256, unchanged.Report!.ZipSha256);
        // The run (LayerRun) writes the one line that ends a stage, with the reason; the stage itself does not.
        Assert.DoesNotContain(sink.Messages(LogEventLevel.Information), m => m.StartsWith("PackageLayer skipped"));

        // Touched, same contents: the zip would be identical, so it still skips (and refreshes the record).
        File.SetLastWriteTimeUtc(tree.PathOf("requests/api.py"), DateTime.UtcNow.AddMinutes(5));
        var touched = await stage.RunAsync(tree.Settings, CancellationToken.None);
        Assert.True(touched.Skipped);
        Assert.Contains("touched", touched.Reason);
        Assert.True((await stage.RunAsync(tree.Settings, CancellationToken.None)).Skipped);

        // Contents changed (same size): rebuilt.
        File.WriteAllText(tree.PathOf("requests/api.py"), "def get(url):\n    return URL\n");
        var edited = await stage.RunAsync(tree.Settings, CancellationToken.None);
        Assert.False(edited.Skipped);
        Assert.Contains("contents", edited.Reason);
        Assert.NotEqual(first.Report!.ZipSha256, edited.Report!.ZipSha256);
        // The content hash the change check computed is the one recorded, and it lets the next run skip.
        Assert.Equal(DirectoryHash.Compute(tree.Settings.Layout.ArtifactsDirectory), edited.Report.ArtifactsHash);
        Assert.True((await stage.RunAsync(tree.Settings, CancellationToken.None)).Skipped);

        // A new file: rebuilt.
        tree.WriteFile("requests/extra.py", "E = 1\n");
        Assert.False((await stage.RunAsync(tree.Settings, CancellationToken.None)).Skipped);

        // Mode change only (DirectoryHash does not see it, the zip does): rebuilt.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(tree.PathOf("requests/extra.py"), (UnixFileMode)0b111_101_101);
            var chmod = await stage.RunAsync(tree.Settings, CancellationToken.None);
            Assert.False(chmod.Skipped);
            Assert.True((await stage.RunAsync(tree.Settings, CancellationToken.None)).Skipped);
        }

        // Fingerprint changed (another exclude list): rebuilt.
        var fingerprint = await stage.RunAsync(tree.Settings with { Excludes = ["pip", "requests"] }, CancellationToken.None);
        Assert.False(fingerprint.Skipped);
        Assert.Contains("fingerprint", fingerprint.Reason);

        // layer.zip deleted: rebuilt.
        File.Delete(tree.ZipPath);
        var deleted = await stage.RunAsync(tree.Settings with { Excludes = ["pip", "requests"] }, CancellationToken.None);
        Assert.False(deleted.Skipped);
        Assert.Contains("missing", deleted.Reason);

        // layer.zip replaced by other bytes: rebuilt.
        var bytes = File.ReadAllBytes(tree.ZipPath);
        bytes[^30] ^= 0xFF;
        File.WriteAllBytes(tree.ZipPath, bytes);
        var tampered = await stage.RunAsync(tree.Settings with { Excludes = ["pip", "requests"] }, CancellationToken.None);
        Assert.False(tampered.Skipped);
        Assert.Contains("differs", tampered.Reason);

        // The manifest changed: the fingerprint moves, rebuilt.
        File.AppendAllText(Path.Combine(tree.Root, "requirements.txt"), "idna==3.7\n");
        Assert.False((await stage.RunAsync(tree.Settings with { Excludes = ["pip", "requests"] }, CancellationToken.None)).Skipped);
    }

    [Fact]
    public async Task Large_entries_streamed_past_the_memory_limit_are_patched_correctly_deflated_or_stored()
    {
        using var tree = new LayerTree();
        tree.WriteFile("big/text.py", string.Concat(Enumerable.Range(0, 20_000).Select(i => $"line_{i % 97} = {i}\n")));
        tree.WriteFile("big/random.bin", RandomBytes(seed: 9, 300_000));
        tree.WriteFile("small.py", "S = 1\n");
        var stage = new PackageLayerStage(new CollectingLogSink().CreateLogger())
        {
            Writer = new DeterministicZipWriter { InMemoryEntryLimit = 1024, WindowBytes = 4096 },
        };

        await stage.RunAsync(tree.Settings, CancellationToken.None);

        var listing = PythonZipReader.Read(tree.ZipPath);
        Assert.Null(listing.Bad);
        Assert.Equal(8, Entry(listing, "python/big/text.py").Method);
        Assert.Equal(0, Entry(listing, "python/big/random.bin").Method);
        Assert.Equal(300_000, Entry(listing, "python/big/random.bin").Size);

        // Streaming is an implementation detail: the bytes equal an all-in-memory run.
        var streamed = File.ReadAllBytes(tree.ZipPath);
        File.Delete(tree.ZipPath);
        await Stage().RunAsync(tree.Settings, CancellationToken.None);
        Assert.Equal(streamed, File.ReadAllBytes(tree.ZipPath));
    }

    private static PythonZipReader.Entry Entry(PythonZipReader.Listing listing, string name) =>
        listing.Entries.SingleOrDefault(e => e.Name == name) ?? throw new Xunit.Sdk.XunitException(
            $"'{name}' is not in the zip: {string.Join(", ", listing.Entries.Select(e => e.Name))}");

    internal static byte[] RandomBytes(int seed, int length)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
