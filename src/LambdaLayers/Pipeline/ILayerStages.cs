using LambdaLayers.Packaging;
using LambdaLayers.Publishing;
using LambdaLayers.Settings;

namespace LambdaLayers.Pipeline;

/// <summary>
/// The three stages as the front ends (NUKE targets, CLI commands) call them: one call per stage, each
/// skipping its work when its inputs are unchanged. Front ends depend on this interface so their tests can
/// check which stage a target calls and with what settings.
/// </summary>
/// <remarks>
/// A front end calls <see cref="PrepareAsync"/> once per pipeline (one settings, one runtime × architecture
/// entry) before the first stage, with the last stage the run will reach, then the stages in order on the same
/// instance. With PublishLayer as the goal that is what lets a fresh machine skip installing and zipping when the
/// live layer is already current; without it every stage still skips what is unchanged locally. A run of several
/// runtimes or architectures (<see cref="LayerMatrix"/>) prepares its entries together
/// (<see cref="PrepareMatrixAsync"/>), runs BuildLayer and PackageLayer per entry, and publishes them together
/// (<see cref="PublishMatrixAsync"/>).
/// </remarks>
public interface ILayerStages
{
    /// <summary>Decides, before any stage runs, what this pipeline can skip; see the remarks on <see cref="ILayerStages"/>.</summary>
    Task PrepareAsync(LayerSettings settings, PipelineStage goal, CancellationToken cancellationToken) => Task.CompletedTask;

    Task<BuildLayerResult> BuildAsync(LayerSettings settings, CancellationToken cancellationToken);

    Task<PackageLayerResult> PackageAsync(LayerSettings settings, CancellationToken cancellationToken);

    Task<PublishRecord> PublishAsync(LayerSettings settings, CancellationToken cancellationToken);

    /// <summary>
    /// Prepares every entry of a matrix before the first stage. With PublishLayer as the goal, the live layers are
    /// asked once for all entries, since which layer serves an entry depends on the other entries' zips.
    /// </summary>
    async Task PrepareMatrixAsync(LayerMatrix matrix, PipelineStage goal, CancellationToken cancellationToken)
    {
        foreach (var entry in matrix.Entries)
        {
            await PrepareAsync(entry, goal, cancellationToken);
        }
    }

    /// <summary>
    /// PublishLayer for every entry of a matrix: entries with byte-identical zips are one layer, the others one layer
    /// each with a suffix (<see cref="PublicationGroups"/>). Returns, per entry in order, the record of the layer serving it.
    /// </summary>
    Task<IReadOnlyList<PublishRecord>> PublishMatrixAsync(LayerMatrix matrix, CancellationToken cancellationToken);
}
