using LambdaLayers.Nuke;
using LambdaLayers.Settings;
using Nuke.Common;
using Nuke.Common.Tooling;

/// <summary>
/// A consumer whose ConfigureLayer changes one setting, the one named by the CONFIGURE_CASE variable (a name no
/// layer parameter matches, so NUKE binds nothing from it), the way a real build sets values in code.
/// </summary>
class Build : NukeBuild, IPublishLayer
{
    public static int Main() => Execute<Build>(x => ((IBuildLayer)x).BuildLayer);

    Configure<LayerSettings> IHazLayer.ConfigureLayer => Environment.GetEnvironmentVariable("CONFIGURE_CASE") switch
    {
        "empty-layer-name" => s => s with { LayerName = "" },
        "relative-build-folder" => s => s with { BuildDirectory = "build/custom" },
        "build-folder-outside" => s => s with { BuildDirectory = Path.GetTempPath() },
        "reserved-300-mb" => s => s with { ReservedBytes = 300L * 1024 * 1024 },
        "16-runtimes" => s => s with { CompatibleRuntimes = Enumerable.Repeat("python3.12", 16).ToArray() },
        "bucket" => s => s with { Bucket = "my-artifacts" },
        _ => s => s,
    };
}
