namespace LambdaLayers.Settings;

/// <summary>
/// AWS Lambda's limits that decide what this tool accepts and checks (DESIGN §2), in one table: the settings
/// validation, the size budget, the publish stage, the Lambda client and the report all read them here.
/// </summary>
public static class LambdaLimits
{
    /// <summary>250 MB (262,144,000 bytes): the unzipped size of a function and all its layers together.</summary>
    public const long UnzippedBytes = 262_144_000;

    /// <summary>50 MB (52,428,800 bytes): the largest zip PublishLayerVersion takes inline; larger ones go through S3.</summary>
    public const long DirectUploadZipBytes = 52_428_800;

    /// <summary>Layers one function can use; with the function they share <see cref="UnzippedBytes"/>.</summary>
    public const int LayersPerFunction = 5;

    /// <summary>Runtimes one PublishLayerVersion call can name in CompatibleRuntimes.</summary>
    public const int CompatibleRuntimes = 15;

    /// <summary>Architectures one PublishLayerVersion call can name in CompatibleArchitectures (x86_64 and arm64).</summary>
    public const int CompatibleArchitectures = 2;

    /// <summary>Characters in a layer version's Description.</summary>
    public const int DescriptionCharacters = 256;

    /// <summary>Characters in a layer name (letters, digits, '-' and '_').</summary>
    public const int LayerNameCharacters = 140;

    /// <summary>Items one ListLayerVersions page answers at most (its MaxItems).</summary>
    public const int ListLayerVersionsPageSize = 50;

    /// <summary>Code storage per account and region, old layer versions included: 75 GB.</summary>
    public const string CodeStoragePerRegion = "75 GB";

    /// <summary>Bytes in one of the "MB" Lambda's size limits are given in (a mebibyte).</summary>
    public const long BytesPerMegabyte = 1024 * 1024;
}
