using System.Runtime.CompilerServices;
using LambdaLayers.Pipeline;

namespace LambdaLayers.Nuke;

/// <summary>
/// The function run of each build instance, the sibling of <see cref="LayerRuns"/>: PublishFunction's two targets
/// share one run (one summary for the report after the last function target), on the settings the layer run uses.
/// </summary>
internal static class FunctionRuns
{
    private static readonly ConditionalWeakTable<IHazFunction, FunctionRun> Runs = new();

    public static FunctionRun Of(IHazFunction build) =>
        Runs.GetValue(build, b => new FunctionRun(b.FunctionStages, NukeSettings.Of(b), Serilog.Log.Logger));
}
