namespace LambdaLayers.Checks;

/// <summary>
/// One reason the layer would not run: which distribution and file (path inside the layer tree, or the
/// dist-info folder for a wheel tag), what it needs and what the runtime has.
/// </summary>
public sealed record CompatibilityProblem(
    CompatibilityProblemKind Kind,
    string Distribution,
    string? Version,
    string File,
    string Needs,
    string RuntimeHas)
{
    /// <summary>"foo/_x.so needs GLIBC_2.34 (glibc 2.34); python3.11 has glibc 2.26".</summary>
    public string Describe() => RuntimeHas.Length == 0 ? $"{File} {Needs}" : $"{File} {Needs}; {RuntimeHas}";
}
