using LambdaLayers.Packaging;

namespace LambdaLayers.Pipeline;

/// <summary>
/// The outcome of PackageLayer: whether it skipped, why it skipped or rebuilt (in words a log line can
/// carry), and the report of the layer.zip that is now current.
/// </summary>
public sealed record PackageLayerResult(bool Skipped, string Reason, LayerPackageReport Report);
