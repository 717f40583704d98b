using LambdaLayers.Settings;

namespace LambdaLayers.Checks;

/// <summary>
/// What to do about a distribution's problems, by kind of problem and build mode. Local mode installs
/// for this machine, so the cure is usually a mode that installs for Lambda; in the other two modes the
/// installer already chose by tag, so a file that still does not fit came inside a wheel whose tag
/// claims more than its contents hold, and only another version (or another package) helps.
/// </summary>
public static class CompatibilityAdvice
{
    private static readonly IReadOnlySet<CompatibilityProblemKind> NativeKinds = new HashSet<CompatibilityProblemKind>
    {
        CompatibilityProblemKind.Machine,
        CompatibilityProblemKind.Glibc,
        CompatibilityProblemKind.ExtensionSuffix,
        CompatibilityProblemKind.WheelTag,
        CompatibilityProblemKind.NotElf,
    };

    public static string For(string distribution, IReadOnlyCollection<CompatibilityProblem> problems, LayerSettings settings)
    {
        var target = $"{settings.Runtime.Name} on {settings.Architecture.Name} (glibc 2.{settings.Runtime.GlibcMinor})";
        var advice = new List<string>();
        if (distribution == Packaging.LayerContents.UnownedName && problems.Any(p => NativeKinds.Contains(p.Kind)))
        {
            // No installer put these there, so no mode or pin changes them.
            advice.Add($"no installed distribution lists these files in its RECORD, so something else put them into artifacts/python: " +
                       $"remove them, or replace them with files built for {target}, then run PackageLayer again");
        }
        else if (problems.Any(p => NativeKinds.Contains(p.Kind)))
        {
            var tagClaimsToFit = problems.All(p => p.Kind != CompatibilityProblemKind.WheelTag);
            advice.Add(settings.Mode switch
            {
                BuildMode.Local =>
                    $"build with --mode cross-platform, which installs only wheels made for {target}, or --mode container; " +
                    $"or pin an older {distribution} that has such a wheel",
                _ when tagClaimsToFit =>
                    $"its wheel's tag claims to fit {target} but its files do not, and no build mode changes what a wheel carries: " +
                    $"pin an older {distribution} whose files were built for it, or replace the package",
                BuildMode.Container =>
                    $"pin an older {distribution} that has a wheel for {target}, and check that --image is the runtime's own build image",
                _ =>
                    $"pin an older {distribution} that has a wheel for {target}, or build with --mode container",
            });
        }
        if (problems.Any(p => p.Kind == CompatibilityProblemKind.InvalidElf))
        {
            advice.Add($"a native file is damaged or cut short: run BuildLayer again, and if it persists pin another version of {distribution}");
        }
        if (problems.Any(p => p.Kind == CompatibilityProblemKind.SpecialFile))
        {
            advice.Add("a layer holds only regular files: remove it from artifacts/python (whatever created it must not write there) and run PackageLayer again");
        }
        if (problems.Any(p => p.Kind == CompatibilityProblemKind.Unreadable))
        {
            advice.Add("make it readable for this user (or remove it), then run PackageLayer again");
        }
        return string.Join("; ", advice);
    }
}
