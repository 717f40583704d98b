using LambdaLayers.Settings;

namespace LambdaLayers.Publishing;

/// <summary>
/// Decides which old versions a <see cref="RetentionPolicy"/> deletes. A version stays when it is among
/// the newest N (by version number), or younger than D days, or is the version this run published or
/// kept; with both limits a version stays if either keeps it.
/// </summary>
public static class LayerRetention
{
    public static IReadOnlyList<LayerVersion> SelectForDeletion(
        IReadOnlyList<LayerVersion> versions, RetentionPolicy policy, long currentVersion, DateTimeOffset now)
    {
        if (policy.KeepNewest is null && policy.KeepDays is null)
        {
            return [];
        }
        var newestFirst = versions.OrderByDescending(v => v.Version).ToList();
        var keptByCount = policy.KeepNewest is { } n
            ? newestFirst.Take(Math.Max(n, 0)).Select(v => v.Version).ToHashSet()
            : [];
        var doomed = new List<LayerVersion>();
        foreach (var version in newestFirst)
        {
            if (version.Version == currentVersion || keptByCount.Contains(version.Version))
            {
                continue;
            }
            // An unknown creation date is treated as young: when unsure, keep.
            var young = policy.KeepDays is { } days && (version.CreatedDate is null || now - version.CreatedDate.Value < TimeSpan.FromDays(days));
            if (young)
            {
                continue;
            }
            doomed.Add(version);
        }
        return doomed;
    }
}
