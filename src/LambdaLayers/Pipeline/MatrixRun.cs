using System.Diagnostics;
using System.Runtime.ExceptionServices;
using LambdaLayers.Reporting;
using LambdaLayers.Settings;
using Serilog;

namespace LambdaLayers.Pipeline;

/// <summary>
/// One run of every entry of a <see cref="LayerMatrix"/>, as both front ends drive it: one <see cref="LayerRun"/> per
/// entry, each with its own build folder and a log whose lines start with the entry's name. BuildLayer and PackageLayer
/// run for the entries at the same time, at most one per core; the first entry that fails stops the others (their
/// tools are stopped as on Ctrl-C) and fails the stage with its message, led by its name. PublishLayer runs once for
/// all entries (<see cref="ILayerStages.PublishMatrixAsync"/>), because entries with byte-identical zips share a layer.
/// A matrix of one entry is exactly the <see cref="LayerRun"/> of that entry: same layout, same log, same calls.
/// </summary>
public sealed class MatrixRun
{
    private readonly ILayerStages stages;
    private readonly ILogger log;
    private readonly PipelineStage? goal;
    private readonly int parallelism;
    private readonly Dictionary<string, TimeSpan> durations = new();
    private bool prepared;

    /// <param name="goal">The last stage the run will reach, as for <see cref="LayerRun"/>.</param>
    /// <param name="maxParallelism">How many entries build or package at once; null is the number of cores.</param>
    public MatrixRun(ILayerStages stages, LayerMatrix matrix, ILogger log, PipelineStage? goal = null, int? maxParallelism = null)
    {
        this.stages = stages;
        this.log = log;
        this.goal = goal;
        Matrix = matrix;
        Entries = matrix.Entries.Select(entry => new LayerRun(stages, entry, MatrixEntryLog.For(log, entry), goal)).ToArray();
        parallelism = Math.Clamp(maxParallelism ?? Environment.ProcessorCount, 1, matrix.Entries.Count);
    }

    public LayerMatrix Matrix { get; }

    /// <summary>The run of each entry, in the matrix's order.</summary>
    public IReadOnlyList<LayerRun> Entries { get; }

    /// <summary>What the stages run so far did, per entry.</summary>
    public LayerMatrixSummary Summary => new(Matrix, Entries.Select(entry => entry.Summary).ToArray())
    {
        Durations = new Dictionary<string, TimeSpan>(durations),
    };

    public async Task RunStageAsync(PipelineStage stage, CancellationToken cancellationToken)
    {
        if (!Matrix.IsMatrix)
        {
            await Entries[0].RunStageAsync(stage, cancellationToken);
            return;
        }
        if (!prepared)
        {
            await stages.PrepareMatrixAsync(Matrix, goal ?? stage, cancellationToken);
            foreach (var entry in Entries)
            {
                entry.MarkPrepared();
            }
            prepared = true;
        }
        log.Information("▶ {Stage} for {Count} entries: {Entries}", stage.TargetName, Entries.Count, string.Join(", ", Matrix.Entries.Select(e => e.MatrixEntry)));
        var clock = Stopwatch.StartNew();
        if (stage == PipelineStage.Publish)
        {
            var records = await stages.PublishMatrixAsync(Matrix, cancellationToken);
            for (var i = 0; i < Entries.Count; i++)
            {
                Entries[i].RecordDeployment(records[i], clock.Elapsed);
            }
        }
        else
        {
            await RunEntriesAsync(stage, cancellationToken);
        }
        durations[stage.TargetName] = clock.Elapsed;
        log.Information("✔ {Stage} finished in {Seconds:0.0} s for {Count} entries", stage.TargetName, clock.Elapsed.TotalSeconds, Entries.Count);
    }

    private async Task RunEntriesAsync(PipelineStage stage, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var slots = new SemaphoreSlim(parallelism);
        var failure = (Exception?)null;
        var gate = new Lock();

        async Task RunAsync(LayerRun entry)
        {
            try
            {
                await slots.WaitAsync(stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            try
            {
                // A slot freed by an entry that was stopped can still be handed to a waiter: it must not start.
                if (stop.IsCancellationRequested)
                {
                    return;
                }
                await entry.RunStageAsync(stage, stop.Token);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // Stopped: by the user, or because another entry failed first.
            }
            catch (Exception error)
            {
                lock (gate)
                {
                    failure ??= error is LayerException layer and not MatrixEntryException ? new MatrixEntryException(entry.Settings, layer) : error;
                }
                await stop.CancelAsync();
            }
            finally
            {
                slots.Release();
            }
        }

        await Task.WhenAll(Entries.Select(RunAsync));
        if (failure is not null)
        {
            ExceptionDispatchInfo.Throw(failure);
        }
        cancellationToken.ThrowIfCancellationRequested();
    }
}
