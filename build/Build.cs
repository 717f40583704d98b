using LambdaLayers.Nuke;
using Nuke.Common;

/// <summary>
/// This repository's NUKE build and the reference consumer of the components: implementing IPublishLayer gives
/// the targets BuildLayer, PackageLayer and PublishLayer with all their parameters.
/// `./build.sh PackageLayer --project samples/pip` runs it; with no target it runs PackageLayer.
/// </summary>
class Build : NukeBuild, IPublishLayer
{
    public static int Main() => Execute<Build>(x => ((IPackageLayer)x).PackageLayer);
}
