using LambdaLayers.Packaging;
using LambdaLayers.Pipeline;
using LambdaLayers.Publishing;
using LambdaLayers.Settings;
using LambdaLayers.Tests.Support;
using Serilog.Events;

namespace LambdaLayers.Tests.Pipeline;

/// <summary>
/// How a matrix run schedules its entries: at the same time, never more than the bound, each entry's log lines led by
/// its name, and the first failure stops the others and names its entry. The stages here only count and wait; the
/// real stages of a matrix are run end to end through both front ends in <c>NukeBuildTests.Matrix</c>.
/// </summary>
public sealed class MatrixRunTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static LayerMatrix FourEntries(TempProject project) => LayerMatrix.Expand(new LayerSettings
    {
        ProjectDirectory = project.Root,
        PyProjectPath = project.Path("pyproject.toml"),
        Tool = ToolKind.Pip,
        Runtime = LambdaRuntimes.Find("python3.12")!,
        Runtimes = [LambdaRuntimes.Find("python3.12")!, LambdaRuntimes.Find("python3.13")!],
        Architectures = [LambdaArchitecture.X86_64, LambdaArchitecture.Arm64],
    });

    [Fact]
    public async Task Entries_build_at_the_same_time_never_more_than_the_bound_and_each_log_line_names_its_entry()
    {
        using var project = new TempProject("[project]\nname = \"svc\"\n");
        var stages = new CountingStages();
        // The first two entries wait for each other: the run passes only if they really run at the same time.
        stages.OnBuild = async (entry, ct) =>
        {
            if (stages.Started <= 2)
            {
                await stages.BothRunning.Task.WaitAsync(Patience, ct);
            }
        };
        var sink = new CollectingLogSink();
        var run = new MatrixRun(stages, FourEntries(project), sink.CreateLogger(), PipelineStage.Build, maxParallelism: 2);

        await run.RunStageAsync(PipelineStage.Build, TestContext.Current.CancellationToken);

        Assert.Equal(2, stages.MostAtOnce);
        Assert.Equal(["python3.12-arm64", "python3.12-x86_64", "python3.13-arm64", "python3.13-x86_64"], stages.Built.Order());
        var messages = sink.Messages(LogEventLevel.Information).ToArray();
        Assert.Contains(messages, m => m.Contains("for 4 entries") && m.Contains("python3.12-x86_64, python3.12-arm64, python3.13-x86_64, python3.13-arm64"));
        foreach (var entry in run.Matrix.Entries)
        {
            Assert.Contains(messages, m => m.StartsWith($"[{entry.MatrixEntry}] ", StringComparison.Ordinal) && m.Contains("BuildLayer"));
        }
        Assert.All(sink.Events.Where(e => e.MessageTemplate.Text.StartsWith('[')), e => Assert.True(e.Properties.ContainsKey(MatrixEntryLog.PropertyName)));
    }

    [Fact]
    public async Task The_first_failure_stops_the_running_entries_and_the_waiting_ones_never_start()
    {
        using var project = new TempProject("[project]\nname = \"svc\"\n");
        var stages = new CountingStages();
        var stopped = new TaskCompletionSource();
        stages.OnBuild = async (entry, ct) =>
        {
            if (entry.Architecture == LambdaArchitecture.Arm64)
            {
                // Fails once the x86_64 entry is running, so that entry has to be stopped.
                await stages.BothRunning.Task.WaitAsync(Patience, ct);
                throw new LayerException("No wheel of fastcalc 1.0 for manylinux_2_34_aarch64.");
            }
            try
            {
                await Task.Delay(Patience, ct);
            }
            finally
            {
                stopped.TrySetResult();
            }
        };
        var run = new MatrixRun(stages, FourEntries(project), new CollectingLogSink().CreateLogger(), PipelineStage.Build, maxParallelism: 2);

        var error = await Assert.ThrowsAsync<MatrixEntryException>(() => run.RunStageAsync(PipelineStage.Build, TestContext.Current.CancellationToken));

        Assert.Equal("python3.12-arm64: No wheel of fastcalc 1.0 for manylinux_2_34_aarch64.", error.Message);
        Assert.Equal("python3.12-arm64", error.Entry);
        Assert.True(stopped.Task.IsCompleted, "the running x86_64 entry was stopped");
        Assert.Equal(["python3.12-arm64", "python3.12-x86_64"], stages.StartedEntries.Order());
    }

    [Fact]
    public async Task Cancelling_the_run_stops_every_entry_and_reports_cancellation()
    {
        using var project = new TempProject("[project]\nname = \"svc\"\n");
        var stages = new CountingStages();
        using var cancel = new CancellationTokenSource();
        stages.OnBuild = async (entry, ct) =>
        {
            if (stages.Started >= 2)
            {
                await cancel.CancelAsync();
            }
            await Task.Delay(Patience, ct);
        };
        var run = new MatrixRun(stages, FourEntries(project), new CollectingLogSink().CreateLogger(), PipelineStage.Build, maxParallelism: 2);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.RunStageAsync(PipelineStage.Build, cancel.Token));

        Assert.Equal(2, stages.StartedEntries.Count);
    }

    /// <summary>Stages whose BuildLayer counts the entries running at once and runs a test's body.</summary>
    private sealed class CountingStages : ILayerStages
    {
        private readonly Lock gate = new();
        private int running;

        public Func<LayerSettings, CancellationToken, Task> OnBuild { get; set; } = (_, _) => Task.CompletedTask;
        public TaskCompletionSource BothRunning { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public int MostAtOnce { get; private set; }
        public List<string> StartedEntries { get; } = [];
        public List<string> Built { get; } = [];
        public int Started { get { lock (gate) { return StartedEntries.Count; } } }

        public async Task<BuildLayerResult> BuildAsync(LayerSettings settings, CancellationToken cancellationToken)
        {
            lock (gate)
            {
                StartedEntries.Add(settings.MatrixEntry!);
                running++;
                MostAtOnce = Math.Max(MostAtOnce, running);
                if (running == 2)
                {
                    BothRunning.TrySetResult();
                }
            }
            try
            {
                await OnBuild(settings, cancellationToken);
            }
            finally
            {
                lock (gate)
                {
                    running--;
                }
            }
            lock (gate)
            {
                Built.Add(settings.MatrixEntry!);
            }
            var record = new BuildRecord("fp", "hash", "pip", settings.Runtime.Name, settings.Architecture.Name, "CrossPlatform", DateTimeOffset.UnixEpoch);
            return new BuildLayerResult(false, "built", record, settings.Layout.PythonDirectory, TimeSpan.Zero);
        }

        public Task<PackageLayerResult> PackageAsync(LayerSettings settings, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("not used");

        public Task<PublishRecord> PublishAsync(LayerSettings settings, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("not used");

        public Task<IReadOnlyList<PublishRecord>> PublishMatrixAsync(LayerMatrix matrix, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("not used");
    }
}
