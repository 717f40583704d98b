namespace LambdaLayers.Settings;

/// <summary>
/// Which old layer versions to delete after a publish. A version is kept when it is among the newest
/// <see cref="KeepNewest"/> or younger than <see cref="KeepDays"/>; the version just published is
/// always kept. Null means no limit of that kind.
/// </summary>
public sealed record RetentionPolicy(int? KeepNewest, int? KeepDays, bool DryRun);
