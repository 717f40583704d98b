using LambdaLayers.FileSystem;
using LambdaLayers.Pipeline;
using LambdaLayers.Settings;
using LambdaLayers.Tests.Frontends;
using LambdaLayers.Tests.Pipeline;
using LambdaLayers.Tests.Support;

namespace LambdaLayers.Tests.FileSystem;

public sealed class BuildFolderLockTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_second_run_on_the_same_build_folder_waits_for_the_first_saying_so()
    {
        using var temp = new TemporaryDirectory();
        var settings = BuildFixture.Settings(temp.Combine("project"), ToolKind.Pip);
        var first = new CapturingLogger();
        var second = new CapturingLogger();
        var stages = new RecordingStages();

        var held = await BuildFolderLock.AcquireAsync(settings.Layout, first.Logger, wait: null, Ct);
        var run = new LayerRun(stages, settings, second.Logger).RunStageAsync(PipelineStage.Build, Ct);
        await WaitUntilAsync(() => second.Text.Contains("Another run is working in", StringComparison.Ordinal));

        Assert.False(run.IsCompleted, "the second run must wait while the first holds the build folder");
        Assert.Empty(stages.Calls);
        held.Dispose();
        await run.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.Single(stages.Calls);
        Assert.Contains($"Another run is working in {settings.Layout.BuildDirectory} (it holds {BuildFolderLock.PathFor(settings.Layout)})", second.Text);
        Assert.Contains("The other run is done after", second.Text);
    }

    [Fact]
    public async Task A_run_that_waited_too_long_says_which_folder_and_what_to_do()
    {
        using var temp = new TemporaryDirectory();
        var settings = BuildFixture.Settings(temp.Combine("project"), ToolKind.Pip);
        var stages = new RecordingStages();
        using var held = await BuildFolderLock.AcquireAsync(settings.Layout, new CapturingLogger().Logger, wait: null, Ct);

        var run = new LayerRun(stages, settings, new CapturingLogger().Logger) { LockWait = TimeSpan.FromSeconds(1) };
        var error = await Assert.ThrowsAsync<LayerException>(() => run.RunStageAsync(PipelineStage.Build, Ct));

        Assert.StartsWith($"Another run has been working in the layer build folder '{settings.Layout.BuildDirectory}'", error.Message);
        Assert.Contains("give this run its own --build-dir", error.Message);
        Assert.Empty(stages.Calls);
    }

    [Fact]
    public async Task The_lock_lies_beside_the_build_folder_so_cleaning_it_keeps_the_lock()
    {
        using var temp = new TemporaryDirectory();
        var settings = BuildFixture.Settings(temp.Combine("project"), ToolKind.Pip);
        Directory.CreateDirectory(settings.ProjectDirectory);
        using var held = await BuildFolderLock.AcquireAsync(settings.Layout, new CapturingLogger().Logger, wait: null, Ct);

        settings.Layout.CleanBuildDirectory();

        Assert.Equal(Path.Combine(settings.ProjectDirectory, "build", "lambda", ".layer.lock"), held.Path);
        Assert.True(File.Exists(held.Path));
        await Assert.ThrowsAsync<LayerException>(() =>
            BuildFolderLock.AcquireAsync(settings.Layout, new CapturingLogger().Logger, TimeSpan.FromMilliseconds(300), Ct));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(50, Ct);
        }
        Assert.True(condition(), "timed out waiting for the condition");
    }
}
