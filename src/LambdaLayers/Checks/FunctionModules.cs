using LambdaLayers.Packaging;

namespace LambdaLayers.Checks;

/// <summary>
/// Checks that the function's own distributions (the project and its path dependencies, installed from their
/// wheels) put importable top-level modules at the zip root, where Lambda imports the handler from
/// (<c>/var/task</c>, handler <c>module.function</c>). A wheel that installs only its dist-info (a src/ layout the
/// backend was not told about), or only under names Python cannot import (<c>my-app/</c>), builds and zips fine
/// and fails on the first invocation with "No module named …"; this turns that into one message at build time.
/// </summary>
public static class FunctionModules
{
    /// <summary>The top-level modules each of <paramref name="distributionNames"/> installs under <paramref name="treeDirectory"/>, sorted.</summary>
    /// <exception cref="FunctionNotImportableException">A distribution has no importable top-level module there.</exception>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Check(string treeDirectory, IReadOnlyCollection<string> distributionNames)
    {
        var wanted = distributionNames.Select(DistributionName.Normalize).ToHashSet(StringComparer.Ordinal);
        var installed = DistributionScanner.Scan(treeDirectory).Where(d => wanted.Contains(d.NormalizedName)).ToList();
        var present = TopLevelModules.Present(installed.SelectMany(d => d.RecordedFiles).Where(f => File.Exists(Path.Combine(treeDirectory, f))));
        var result = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var distribution in installed.OrderBy(d => d.Name, StringComparer.Ordinal))
        {
            var modules = TopLevelModules.Of(distribution, treeDirectory, present);
            if (modules.Count > 0)
            {
                result[distribution.Name] = modules;
                continue;
            }
            var tops = distribution.RecordedFiles
                .Select(f => f.Split('/')[0])
                .Where(top => top != distribution.DistInfoFolder && !top.EndsWith(".dist-info", StringComparison.Ordinal))
                .Distinct(StringComparer.Ordinal)
                .Order(StringComparer.Ordinal)
                .ToList();
            var holds = tops.Count == 0
                ? $"its wheel holds nothing but {distribution.DistInfoFolder}"
                : $"its wheel puts only {string.Join(", ", tops.Take(8).Select(t => $"'{t}'"))} at the top, none of them an importable Python module or package";
            problems.Add($"'{distribution.Name}' {distribution.Version}: {holds}.");
        }
        if (problems.Count > 0)
        {
            throw new FunctionNotImportableException(
                "The function code is not importable from the zip root, where Lambda imports the handler from (/var/task):\n  " +
                string.Join("\n  ", problems) + "\n" +
                "Tell the build backend where the packages are: for a src/ layout with setuptools, [tool.setuptools.packages.find] " +
                "where = [\"src\"]; with Poetry, packages = [{ include = \"NAME\", from = \"src\" }]; with hatchling, " +
                "[tool.hatch.build.targets.wheel] packages = [\"src/NAME\"]. Package and module names must be Python identifiers " +
                "(my_app, not my-app). Nothing was written.");
        }
        return result;
    }
}
