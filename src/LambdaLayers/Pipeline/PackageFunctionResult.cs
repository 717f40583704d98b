using LambdaLayers.Packaging;

namespace LambdaLayers.Pipeline;

/// <summary>
/// The outcome of PackageFunction: whether the build and the zip were skipped as unchanged and why, the report of the
/// function.zip that is now current, and what went into it — the build backend, the top-level modules of the
/// function's own distributions (what a handler can name), its path dependencies, and the layer size the budget
/// counted.
/// </summary>
public sealed record PackageFunctionResult(bool Skipped, string Reason, PackageRecord Report)
{
    public StageOutcome Outcome => Skipped ? StageOutcome.Unchanged : StageOutcome.Ran;

    /// <summary>True when the wheels were not built again (build.json and artifacts/ matched the fingerprint).</summary>
    public bool BuildSkipped { get; init; }

    /// <summary>"setuptools.build_meta", "poetry build (poetry.core.masonry.api)".</summary>
    public string Backend { get; init; } = "";

    /// <summary>Top-level modules per distribution of the function's own code, at the zip root.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Modules { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>The path dependencies included, as "'shared' ('../shared')".</summary>
    public IReadOnlyList<string> PathDependencies { get; init; } = [];

    /// <summary>The unzipped size of the layer counted against the shared 250 MB, and where it was read; 0 and null without one.</summary>
    public long LayerBytes { get; init; }

    public string? LayerSource { get; init; }
}
