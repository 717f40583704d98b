using LambdaLayers.Packaging;

namespace LambdaLayers.Publishing;

/// <summary>
/// What a look into the S3 build cache found: a verified entry (<see cref="Report"/> set, the files written), no
/// entry, or an entry that failed verification (<see cref="Problem"/> says how; <see cref="BadKeys"/> are the
/// objects that must not be used again and are replaced by the next package).
/// </summary>
public sealed record BuildCacheFetch(PackageRecord? Report, string? Problem, IReadOnlyList<string> BadKeys)
{
    public bool Found => Report is not null;

    public static BuildCacheFetch Miss { get; } = new(null, null, []);

    public static BuildCacheFetch Hit(PackageRecord report) => new(report, null, []);

    public static BuildCacheFetch Invalid(string problem, params string[] badKeys) => new(null, problem, badKeys);
}
