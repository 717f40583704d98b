namespace LambdaLayers.Checks;

/// <summary>
/// Something the layer leaves out, as the summary and layer.json list it: an excluded distribution
/// ("boto3 1.34.0") or the files the exclude patterns removed, why, and how much.
/// </summary>
public sealed record LeftOutItem(string What, string Reason, int Files, long Bytes);
