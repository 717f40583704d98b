namespace LambdaLayers.Checks;

/// <summary>
/// What the compatibility check found: a verdict per distribution (every kept one, plus a bucket for
/// files of no distribution when those have problems), every problem, and how many files it looked at and
/// how many of them were ELF.
/// </summary>
public sealed record CompatibilityCheckResult(
    IReadOnlyList<DistributionCheck> Distributions,
    IReadOnlyList<CompatibilityProblem> Problems,
    int FilesChecked,
    int ElfFiles)
{
    public bool Passed => Problems.Count == 0;
}
