using LambdaLayers.Nuke;
using Nuke.Common;

/// <summary>
/// The reference consumer: a NUKE build gets the BuildLayer, PackageLayer and PublishLayer targets and all
/// their parameters by implementing IPublishLayer. `./build.sh PublishLayer --tool uv` runs it.
/// </summary>
class Build : NukeBuild, IPublishLayer
{
    public static int Main() => Execute<Build>(x => x.From<IPackageLayer>().PackageLayer);
}
