namespace LambdaLayers.Settings;

/// <summary>
/// One Lambda Python runtime and the platform facts that follow from it: its Amazon Linux generation
/// fixes the glibc version, and glibc fixes which manylinux wheels can run there.
/// </summary>
public sealed record LambdaRuntime(string Name, int PythonMajor, int PythonMinor, string AmazonLinux, int GlibcMinor)
{
    /// <summary>"3.12" — the form pip's and uv's <c>--python-version</c> take.</summary>
    public string PythonVersion => $"{PythonMajor}.{PythonMinor}";

    /// <summary>"cp312" — the CPython ABI tag pip's <c>--abi</c> takes.</summary>
    public string AbiTag => $"cp{PythonMajor}{PythonMinor}";

    /// <summary>"python312" — how a layer name names the runtime, as AWS's own layers do (<c>…-python312-arm64</c>).</summary>
    public string LayerNameToken => Name.Replace(".", "", StringComparison.Ordinal);

    /// <summary>"python3.12" — the interpreter name on PATH.</summary>
    public string InterpreterName => $"python{PythonVersion}";

    /// <summary>The layer path Lambda adds to sys.path for this runtime besides <c>python/</c>.</summary>
    public string SitePackagesPath => $"python/lib/python{PythonVersion}/site-packages";

    /// <summary>The AWS SAM build image for this runtime on the given architecture.</summary>
    public string SamBuildImage(LambdaArchitecture architecture) =>
        $"public.ecr.aws/sam/build-{Name}:latest-{architecture.ImageTagSuffix}";

    /// <summary>
    /// Every manylinux platform tag whose wheels run on this runtime's glibc, newest first. pip treats
    /// <c>--platform</c> literally, so each compatible level must be listed: manylinux2014 and every
    /// manylinux_2_N from 17 up to the runtime's glibc, and on x86_64 also the legacy 2_5..2_16 levels
    /// with their manylinux1/manylinux2010 aliases.
    /// </summary>
    public IReadOnlyList<string> ManylinuxTags(LambdaArchitecture architecture)
    {
        var arch = architecture.WheelTagSuffix;
        var lowest = architecture == LambdaArchitecture.X86_64 ? 5 : 17;
        var tags = new List<string>();
        for (var minor = GlibcMinor; minor >= lowest; minor--)
        {
            tags.Add($"manylinux_2_{minor}_{arch}");
            if (minor == 17) tags.Add($"manylinux2014_{arch}");
            if (minor == 12) tags.Add($"manylinux2010_{arch}");
            if (minor == 5) tags.Add($"manylinux1_{arch}");
        }
        return tags;
    }

    /// <summary>
    /// uv's <c>--python-platform</c> target for this runtime: the newest glibc level uv names that is
    /// not newer than the runtime's. uv's bare <c>x86_64-unknown-linux-gnu</c> means manylinux_2_28
    /// since 0.8, too new for Amazon Linux 2, so the level is always named explicitly.
    /// </summary>
    public string UvPythonPlatform(LambdaArchitecture architecture)
    {
        var level = UvGlibcLevels.Where(l => l <= GlibcMinor).Max();
        var suffix = level == 17 ? "manylinux2014" : $"manylinux_2_{level}";
        return $"{architecture.WheelTagSuffix}-{suffix}";
    }

    // The manylinux levels uv 0.8+ accepts as --python-platform targets (uv-cli.md §9).
    private static readonly int[] UvGlibcLevels = [17, 28, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40];

    public override string ToString() => Name;
}
