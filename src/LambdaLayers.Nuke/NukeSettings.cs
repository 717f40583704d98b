using System.Runtime.CompilerServices;
using LambdaLayers.Pipeline;
using LambdaLayers.Settings;
using Nuke.Common.Execution;

namespace LambdaLayers.Nuke;

/// <summary>
/// The settings of each build instance, resolved once from the parameters NUKE bound and passed through
/// <see cref="IHazLayer.ConfigureLayer"/>, when the first layer or function target runs; the layer run and the
/// function run share them, so both see the same values, read once. The lock file is required only when a layer
/// target is in the execution plan (the function stages ask for it themselves when they bundle dependencies).
/// </summary>
internal static class NukeSettings
{
    private static readonly ConditionalWeakTable<IHazLayer, LayerSettings> Resolved = new();

    public static LayerSettings Of(IHazLayer build) => Resolved.GetValue(build, Resolve);

    private static LayerSettings Resolve(IHazLayer build)
    {
        var requireManifest = PipelineStage.All.Any(stage => Scheduled(build, stage.TargetName));
        var resolved = LayerSettingsResolver.Resolve(new SettingsSources
        {
            WorkingDirectory = build.RootDirectory,
            Supplied = NukeParameterValues.Of(build),
            // NUKE has read .nuke/parameters.json (and decrypted its secrets); its values are in Supplied.
            ReadParametersFile = false,
            RequireManifest = requireManifest,
        });
        // What the build's code changes goes through the same checks as a parameter would, naming ConfigureLayer.
        return LayerSettingsValidation.ValidateConfigured(resolved, build.ConfigureLayer(resolved), requireManifest);
    }

    /// <summary>Whether the target is in this run's execution plan and has not finished.</summary>
    public static bool Scheduled(IHazLayer build, string targetName) =>
        build.ExecutionPlan.Any(target => target.Name == targetName && target.Status is ExecutionStatus.Scheduled or ExecutionStatus.Running);
}
