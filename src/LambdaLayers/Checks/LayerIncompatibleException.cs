using System.Text;
using LambdaLayers.Settings;

namespace LambdaLayers.Checks;

/// <summary>
/// The compatibility check found files or wheels that would not load on the target runtime, so PackageLayer
/// wrote no layer.zip. The message has one paragraph per distribution: the distribution, each file with what
/// it needs and what the runtime has, and what to do.
/// </summary>
public sealed class LayerIncompatibleException(IReadOnlyList<CompatibilityProblem> problems, string message) : LayerException(message)
{
    // Enough to see the pattern; a distribution with hundreds of foreign files does not need them all listed.
    private const int FilesShownPerDistribution = 5;

    public IReadOnlyList<CompatibilityProblem> Problems { get; } = problems;

    public static LayerIncompatibleException From(IReadOnlyList<CompatibilityProblem> problems, LayerSettings settings)
    {
        var runtime = settings.Runtime;
        var text = new StringBuilder();
        var distributions = problems.GroupBy(p => (p.Distribution, p.Version)).OrderBy(g => g.Key.Distribution, StringComparer.Ordinal).ToList();
        text.Append($"The layer would not run on Lambda {runtime.Name} on {settings.Architecture.Name} " +
                    $"({runtime.AmazonLinux}, glibc 2.{runtime.GlibcMinor}, CPython {runtime.PythonVersion}), so layer.zip was not written. ");
        text.Append(distributions.Count == 1 ? "One distribution does not fit:" : $"{distributions.Count} distributions do not fit:");
        foreach (var group in distributions)
        {
            var name = group.Key.Version is null ? group.Key.Distribution : $"{group.Key.Distribution} {group.Key.Version}";
            var list = group.ToList();
            text.Append("\n  ").Append(name).Append(": ");
            text.Append(string.Join("; ", list.Take(FilesShownPerDistribution).Select(p => p.Describe())));
            if (list.Count > FilesShownPerDistribution)
            {
                text.Append($"; and {list.Count - FilesShownPerDistribution} more");
            }
            text.Append(".\n    What to do: ").Append(CompatibilityAdvice.For(group.Key.Distribution, list, settings)).Append('.');
        }
        return new LayerIncompatibleException(problems, text.ToString());
    }
}
