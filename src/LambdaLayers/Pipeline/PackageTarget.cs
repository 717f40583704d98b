using LambdaLayers.Packaging;
using LambdaLayers.Settings;

namespace LambdaLayers.Pipeline;

/// <summary>
/// What one packaging run writes and how it is judged: the installed tree and the folder hashed for change checks,
/// the zip and its report, the root the files sit under inside the zip, the fingerprint, the size budget and where
/// the import smoke test looks besides the tree. The layer (<see cref="ForLayer"/>) and the function code
/// (<c>PackageFunctionStage</c>) are packaged by the same <see cref="PackageLayerStage"/> with their own target, so
/// both get the same exclusions, checks, deterministic zip and skip-when-unchanged.
/// </summary>
public sealed record PackageTarget
{
    /// <summary>"PackageLayer", "PackageFunction": the stage, as messages name it.</summary>
    public required string StageName { get; init; }

    /// <summary>"layer", "function code": what the checks' messages say would not run.</summary>
    public required string What { get; init; }

    /// <summary>The folder the zip and its temporary files are written in.</summary>
    public required string BuildDirectory { get; init; }

    /// <summary>The folder whose hashes tell whether the tree changed (<c>artifacts/</c>).</summary>
    public required string ArtifactsDirectory { get; init; }

    /// <summary>The installed tree whose files go into the zip (<c>artifacts/python</c>).</summary>
    public required string TreeDirectory { get; init; }

    public required string ZipPath { get; init; }

    /// <summary>The package report beside the zip (layer.json, function.json).</summary>
    public required string ReportPath { get; init; }

    /// <summary>The folder the files sit under inside the zip: "python/", "python/lib/python3.X/site-packages/", or "" for the zip root.</summary>
    public required string ZipRoot { get; init; }

    public required string Fingerprint { get; init; }

    /// <summary>The unzipped bytes the contents may take.</summary>
    public required long BudgetLimit { get; init; }

    /// <summary>Throws unless the contents (unzipped bytes, distributions largest first) fit the budget.</summary>
    public required Action<long, IReadOnlyList<DistributionSize>> CheckBudget { get; init; }

    /// <summary>How the budget reads in the log ("of 262144000 unzipped bytes (0 reserved for the function and other layers)").</summary>
    public required string BudgetDescription { get; init; }

    /// <summary>Host folders on sys.path after the tree in the import smoke test (a function's layer).</summary>
    public IReadOnlyList<string> SmokeTestPaths { get; init; } = [];

    /// <summary>Why the import smoke test cannot tell anything for this target, so it is skipped; null runs it.</summary>
    public string? SmokeTestSkipReason { get; init; }

    /// <summary>What to do when the import smoke test fails; null gives the layer's advice (its contents are other people's packages).</summary>
    public string? SmokeTestAdvice { get; init; }

    /// <summary>Where the zip's root is on Lambda (/opt/ for a layer, /var/task/ for function code): the bytecode step compiles for that path.</summary>
    public string RuntimeRoot { get; init; } = Packaging.BytecodeCompiler.LayerRuntimeRoot;

    public string ZipName => Path.GetFileName(ZipPath);

    /// <summary>The layer: <c>artifacts/python</c> into <c>layer.zip</c> under <c>python/</c> (or the site-packages path), within 250 MB less what is reserved.</summary>
    public static PackageTarget ForLayer(LayerSettings settings)
    {
        var layout = settings.Layout;
        return new PackageTarget
        {
            StageName = "PackageLayer",
            What = "layer",
            BuildDirectory = layout.BuildDirectory,
            ArtifactsDirectory = layout.ArtifactsDirectory,
            TreeDirectory = layout.PythonDirectory,
            ZipPath = layout.ZipPath,
            ReportPath = layout.PackageRecordPath,
            ZipRoot = settings.ZipRoot == Settings.ZipRoot.SitePackages ? settings.Runtime.SitePackagesPath + "/" : "python/",
            Fingerprint = LayerFingerprint.Compute(settings).Value,
            BudgetLimit = LayerBudget.LimitFor(settings.ReservedBytes),
            CheckBudget = (unzipped, sizes) => LayerBudget.Check(unzipped, settings.ReservedBytes, sizes),
            BudgetDescription = $"of {LayerBudget.LimitFor(settings.ReservedBytes)} unzipped bytes ({settings.ReservedBytes} reserved for the function and other layers)",
        };
    }
}
