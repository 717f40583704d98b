using LambdaLayers.Nuke;
using Nuke.Common;

/// <summary>
/// This repository's NUKE build and the reference consumer of the components: implementing IPublishLayer and
/// IPublishFunction gives the targets BuildLayer, PackageLayer, PublishLayer, PackageFunction and PublishFunction
/// with all their parameters. `./build.sh PackageLayer --project samples/pip` runs it; with no target it runs
/// PackageLayer. `./build.sh PackageFunction --project P` builds P's own code into build/lambda/function/function.zip.
/// </summary>
class Build : NukeBuild, IPublishLayer, IPublishFunction
{
    public static int Main() => Execute<Build>(x => ((IPackageLayer)x).PackageLayer);
}
