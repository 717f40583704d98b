using LambdaLayers.FileSystem;
using LambdaLayers.Pipeline;
using LambdaLayers.Tests.Support;

namespace LambdaLayers.Tests.Pipeline;

public sealed class StaleTemporaryFilesTests
{
    [Fact]
    public void Leftovers_of_killed_runs_go_but_a_file_a_running_writer_holds_stays()
    {
        using var project = new TemporaryDirectory("ll-stale-tmp");
        var layout = new LayerLayout(project.Path);
        Directory.CreateDirectory(layout.BuildDirectory);
        var leftoverZip = Path.Combine(layout.BuildDirectory, ".layer.zip.0badc0de.tmp");
        var leftoverReport = Path.Combine(layout.BuildDirectory, ".layer.json.0badc0de.tmp");
        var other = Path.Combine(layout.BuildDirectory, "notes.tmp");
        foreach (var file in new[] { leftoverZip, leftoverReport, other })
        {
            File.WriteAllText(file, "x");
        }
        var inUse = StaleTemporaryFiles.NewPath(layout, "layer.zip");
        // Held the way PackageLayer holds its temporary zip while writing it.
        using (var writer = new FileStream(inUse, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None))
        {
            var removed = StaleTemporaryFiles.Remove(layout, new CapturingLogger().Logger);

            Assert.Equal(2, removed);
            Assert.False(File.Exists(leftoverZip));
            Assert.False(File.Exists(leftoverReport));
            Assert.True(File.Exists(other));
            Assert.True(File.Exists(inUse));
        }
        Assert.Equal(1, StaleTemporaryFiles.Remove(layout, new CapturingLogger().Logger));
        Assert.False(File.Exists(inUse));
    }
}
