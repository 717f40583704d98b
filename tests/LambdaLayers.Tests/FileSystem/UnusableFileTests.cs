using LambdaLayers.FileSystem;
using LambdaLayers.Packaging;
using LambdaLayers.Pipeline;
using LambdaLayers.Publishing;
using LambdaLayers.Settings;
using LambdaLayers.Tests.Packaging;
using LambdaLayers.Tests.Pipeline;
using LambdaLayers.Tests.Support;

namespace LambdaLayers.Tests.FileSystem;

/// <summary>
/// Files a user (or a broken installer) can leave where this tool reads: a FIFO, socket or device in a tree that is
/// hashed or zipped, in place of pyproject.toml, the lock file, .nuke/parameters.json or layer.zip; a name that is not
/// UTF-8; a file that cannot be read. Each ends in one error that names the file, never in a hang or a runtime
/// exception. Every call is bounded, so a regression that blocks on a FIFO fails the test instead of the run.
/// </summary>
public sealed class UnusableFileTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<T> Bounded<T>(Func<T> action) => Task.Run(action, Ct).WaitAsync(HangGuard, Ct);

    private static Task BoundedAsync(Func<Task> action) => Task.Run(action, Ct).WaitAsync(HangGuard, Ct);

    [Theory]
    [InlineData("fifo", "a FIFO (named pipe)")]
    [InlineData("socket", "a Unix socket")]
    [InlineData("device", "a character device")]
    public async Task A_special_file_in_artifacts_is_refused_by_name_by_the_hash_and_the_signature(string kind, string described)
    {
        using var tree = new LayerTree();
        tree.WriteFile("pkg/__init__.py", "");
        SpecialFiles.Make(kind, tree.PathOf("pkg/special"));
        var artifacts = tree.Settings.Layout.ArtifactsDirectory;

        var hash = await Assert.ThrowsAsync<SpecialFileException>(() => Bounded(() => DirectoryHash.Compute(artifacts)));
        var signature = await Assert.ThrowsAsync<SpecialFileException>(() => Bounded(() => ArtifactsSignature.Compute(artifacts)));

        foreach (var error in new[] { hash, signature })
        {
            Assert.Equal("python/pkg/special", error.Path);
            Assert.StartsWith($"'python/pkg/special' in '{artifacts}' is {described}: a layer holds only regular files", error.Message);
            Assert.Contains("Remove it", error.Message);
        }
    }

    [Theory]
    [InlineData("fifo")]
    [InlineData("socket")]
    [InlineData("device")]
    public async Task PackageLayer_refuses_a_special_file_and_writes_no_zip(string kind)
    {
        using var tree = new LayerTree();
        tree.AddDistribution("tinyutil", "1.0", new Dictionary<string, string> { ["tinyutil/__init__.py"] = "X = 1\n" });
        SpecialFiles.Make(kind, tree.PathOf("tinyutil/special"));

        var error = await Assert.ThrowsAsync<SpecialFileException>(() =>
            BoundedAsync(() => new PackageLayerStage(new CapturingLogger().Logger).RunAsync(tree.Settings, Ct)));

        Assert.Contains("tinyutil/special", error.Message);
        Assert.False(File.Exists(tree.ZipPath));
        Assert.Empty(Directory.EnumerateFiles(tree.Settings.Layout.BuildDirectory, "*.tmp"));
    }

    [Fact]
    public async Task A_link_in_the_layer_tree_to_a_fifo_in_it_is_refused_by_the_links_name()
    {
        using var tree = new LayerTree();
        tree.WriteFile("pkg/__init__.py", "");
        SpecialFiles.Fifo(tree.PathOf("pkg/pipe"));
        File.CreateSymbolicLink(tree.PathOf("pkg/data.bin"), "pipe");

        var error = await Assert.ThrowsAsync<SpecialFileException>(() => Bounded(() => LayerTreeWalker.Walk(tree.PythonDirectory)));

        Assert.Contains(error.Path, new[] { "pkg/data.bin", "pkg/pipe" });
        Assert.Contains("a FIFO (named pipe)", error.Message);
    }

    [Fact]
    public async Task The_unchanged_check_of_BuildLayer_refuses_a_fifo_in_artifacts_instead_of_waiting_for_it()
    {
        using var tree = new LayerTree();
        tree.WriteFile("pkg/__init__.py", "");
        var fingerprint = LayerFingerprint.Compute(tree.Settings).Value;
        new BuildRecord(fingerprint, "recorded", "pip", "python3.12", "x86_64", "local", DateTimeOffset.UtcNow).Write(tree.Settings.Layout.BuildRecordPath);
        SpecialFiles.Fifo(tree.PathOf("pkg/pipe"));

        var error = await Assert.ThrowsAsync<SpecialFileException>(() =>
            BoundedAsync(() => new BuildLayerStage(new CapturingLogger().Logger).RunAsync(tree.Settings, Ct)));

        Assert.Equal("python/pkg/pipe", error.Path);
        Assert.Equal(FileKind.Fifo, error.Kind);
    }

    [Theory]
    [InlineData("pyproject.toml")]
    [InlineData("requirements.txt")]
    [InlineData(".nuke/parameters.json")]
    public async Task A_fifo_in_place_of_an_input_file_is_refused_by_name_when_the_settings_are_resolved(string file)
    {
        using var project = new TempProject("[project]\nname = \"svc\"\n").Write("requirements.txt", "tinyutil==1.0\n");
        Directory.CreateDirectory(project.Path(".nuke"));
        File.Delete(project.Path(file));
        SpecialFiles.Fifo(project.Path(file));

        var error = await Assert.ThrowsAsync<SpecialFileException>(() => Bounded(() => LayerSettingsResolver.Resolve(new SettingsSources
        {
            Explicit = new Dictionary<string, IReadOnlyList<string>> { ["project"] = [project.Root] },
            Environment = new Dictionary<string, string>(),
        })));

        Assert.Equal(project.Path(file), error.Path);
        Assert.StartsWith($"'{project.Path(file)}' is a FIFO (named pipe), not a regular file, so it is not read", error.Message);
    }

    [Fact]
    public async Task A_fifo_in_place_of_layer_zip_is_refused_by_PublishLayer_and_ignored_as_a_record()
    {
        using var tree = new LayerTree();
        var layout = tree.Settings.Layout;
        SpecialFiles.Fifo(layout.ZipPath);
        SpecialFiles.Fifo(layout.BuildRecordPath);
        SpecialFiles.Fifo(layout.PackageRecordPath);
        var stage = new PublishLayerStage(new CapturingLogger().Logger, _ => throw new InvalidOperationException("not reached"), AwsRetryPolicy.Default);

        var error = await Assert.ThrowsAsync<SpecialFileException>(() =>
            BoundedAsync(() => stage.RunAsync(tree.Settings with { LayerName = "svc" }, Ct)));

        Assert.Equal(layout.ZipPath, error.Path);
        Assert.Contains("Run PackageLayer again", error.Message);
        // The stage records are the tool's own files: a FIFO there reads as "no record", and the next write replaces it.
        Assert.Null(await Bounded(() => BuildRecord.TryRead(layout.BuildRecordPath)));
        Assert.Null(await Bounded(() => PackageRecord.TryRead(layout.PackageRecordPath)));
    }

    [Fact]
    public async Task A_name_that_is_not_utf8_is_named_by_the_hash_and_the_zip_walk()
    {
        using var tree = new LayerTree();
        try
        {
            tree.WriteFile("pkg/__init__.py", "");
            var name = SpecialFiles.NonUtf8File(tree.PathOf("pkg"));
            var artifacts = tree.Settings.Layout.ArtifactsDirectory;

            var hash = await Assert.ThrowsAsync<UnreadableFileException>(() => Bounded(() => DirectoryHash.Compute(artifacts)));
            var walk = await Assert.ThrowsAsync<UnreadableFileException>(() => Bounded(() => LayerTreeWalker.Walk(tree.PythonDirectory)));

            Assert.StartsWith($"'python/pkg/{name}' in '{artifacts}' has a name that is not valid UTF-8", hash.Message);
            Assert.StartsWith($"'pkg/{name}' in '{tree.PythonDirectory}' has a name that is not valid UTF-8", walk.Message);
            Assert.Contains("Rename or remove it", walk.Message);
        }
        finally
        {
            SpecialFiles.RemoveTree(tree.Root);
        }
    }

    [Fact]
    public void Cleaning_a_build_folder_that_holds_a_name_that_is_not_utf8_names_it_and_touches_nothing_else()
    {
        using var project = new TempProject("[project]\nname = \"svc\"\n");
        try
        {
            var layout = new LayerLayout(project.Root);
            var name = SpecialFiles.NonUtf8File(Path.Combine(layout.PythonDirectory, "pkg"));

            var error = Assert.Throws<LayerException>(layout.CleanBuildDirectory);

            Assert.StartsWith($"Cannot clean the layer build folder '{layout.BuildDirectory}'", error.Message);
            Assert.Contains($"'{Path.Combine(layout.PythonDirectory, "pkg", name)}' has a name that is not valid UTF-8", error.Message);
            Assert.True(File.Exists(project.Path("pyproject.toml")));
        }
        finally
        {
            SpecialFiles.RemoveTree(project.Root);
        }
    }

    [Fact]
    public async Task A_file_removed_between_planning_and_zipping_is_named()
    {
        using var tree = new LayerTree();
        tree.WriteFile("a.py", "A = 1\n");
        var entries = new[] { new ZipEntrySource("python/a.py", tree.PathOf("a.py"), 6, 0b110_100_100) };
        File.Delete(tree.PathOf("a.py"));

        var error = await Assert.ThrowsAsync<UnreadableFileException>(() =>
            new DeterministicZipWriter().WriteAsync(entries, new MemoryStream(), Ct));

        Assert.StartsWith($"Cannot read '{tree.PathOf("a.py")}': it does not exist.", error.Message);
    }

    [Fact]
    public async Task A_build_folder_reached_through_a_dangling_link_is_checked_where_the_link_leads()
    {
        using var outside = new TemporaryDirectory();
        using var project = new TempProject("[project]\nname = \"svc\"\n").Write("requirements.txt", "tinyutil==1.0\n");
        File.CreateSymbolicLink(project.Path("out"), outside.Combine("not-made-yet"));
        File.CreateSymbolicLink(project.Path("in"), project.Path("build/layer-not-made-yet"));

        var error = await Assert.ThrowsAsync<UnsafeLayoutException>(() => Bounded(() => LayerSettingsResolver.Resolve(new SettingsSources
        {
            Explicit = new Dictionary<string, IReadOnlyList<string>> { ["project"] = [project.Root], ["build-dir"] = ["out/layer"] },
            Environment = new Dictionary<string, string>(),
        })));
        Assert.Contains($"which leads to '{outside.Combine("not-made-yet", "layer")}' through a symbolic link", error.Message);
        Assert.Contains("(build-dir, from the command line)", error.Message);
        Assert.False(Directory.Exists(outside.Combine("not-made-yet")));

        // A link to a folder inside the project that does not exist yet is fine: cleaning makes the folder.
        var settings = LayerSettingsResolver.Resolve(new SettingsSources
        {
            Explicit = new Dictionary<string, IReadOnlyList<string>> { ["project"] = [project.Root], ["build-dir"] = ["in"] },
            Environment = new Dictionary<string, string>(),
        });
        settings.Layout.CleanBuildDirectory();
        Assert.True(Directory.Exists(project.Path("build/layer-not-made-yet")));
    }
}
