namespace LambdaLayers.Publishing;

/// <summary>One layer of a matrix run and the entries it serves (indexes into <see cref="Settings.LayerMatrix.Entries"/>).</summary>
public sealed record PublicationGroup(LayerPublication Publication, IReadOnlyList<int> Members);
