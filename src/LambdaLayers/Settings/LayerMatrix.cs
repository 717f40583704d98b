using LambdaLayers.FileSystem;

namespace LambdaLayers.Settings;

/// <summary>
/// Every runtime × architecture one run builds. Each entry is the settings of one pipeline with its own build
/// folder, fingerprint and records: <c>build/lambda/layer/python3.12-arm64/</c> under the layer build folder, so a
/// change that concerns one entry rebuilds only that entry. A run of one runtime and one architecture is a matrix
/// of one entry whose settings are the settings as resolved, with today's layout (<c>build/lambda/layer/</c>).
/// </summary>
public sealed class LayerMatrix
{
    private LayerMatrix(LayerSettings settings, IReadOnlyList<LayerSettings> entries)
    {
        Settings = settings;
        Entries = entries;
    }

    /// <summary>The settings as resolved (and adjusted in code), before expansion.</summary>
    public LayerSettings Settings { get; }

    /// <summary>One settings per runtime × architecture, runtimes outermost, each in the order given.</summary>
    public IReadOnlyList<LayerSettings> Entries { get; }

    public IReadOnlyList<LambdaRuntime> Runtimes => Settings.MatrixRuntimes;

    public IReadOnlyList<LambdaArchitecture> Architectures => Settings.MatrixArchitectures;

    /// <summary>True when the run builds more than one entry.</summary>
    public bool IsMatrix => Entries.Count > 1;

    /// <summary>The layer build folder; with several entries it holds one folder per entry and the run's publish.json.</summary>
    public LayerLayout Layout => Settings.Layout;

    /// <summary>"python3.12-arm64": the name of an entry, of its build folder and of its log lines' prefix.</summary>
    public static string EntryName(LambdaRuntime runtime, LambdaArchitecture architecture) => $"{runtime.Name}-{architecture.Name}";

    /// <summary>
    /// The entries of <paramref name="settings"/>. Fails with a <see cref="LayerSettingsException"/> when a setting
    /// cannot hold for several entries: compatible runtimes (or architectures) given for several runtimes (or
    /// architectures), where each published layer lists what it serves, or a layer name too long for its suffixes.
    /// </summary>
    public static LayerMatrix Expand(LayerSettings settings)
    {
        var runtimes = settings.MatrixRuntimes;
        var architectures = settings.MatrixArchitectures;
        if (runtimes.Count * architectures.Count == 1)
        {
            var single = settings with { Runtime = runtimes[0], Architecture = architectures[0], Runtimes = [], Architectures = [], MatrixEntry = null };
            return new LayerMatrix(settings, [single]);
        }
        if (runtimes.Count > 1 && settings.CompatibleRuntimes.Count > 0)
        {
            throw new LayerSettingsException(LayerParameters.CompatibleRuntimes.Name,
                $"compatible-runtimes cannot be combined with several runtimes ({Names(runtimes)}): each layer the run publishes lists " +
                "the runtimes whose entries it serves. Leave compatible-runtimes out, or build one runtime.");
        }
        if (architectures.Count > 1 && settings.CompatibleArchitectures.Count > 0)
        {
            throw new LayerSettingsException(LayerParameters.CompatibleArchitectures.Name,
                $"compatible-architectures cannot be combined with several architectures ({Names(architectures)}): each layer the run " +
                "publishes lists the architectures whose entries it serves. Leave compatible-architectures out, or build one architecture.");
        }
        if (settings.LayerName is { } name && name.Length + LongestSuffix(runtimes, architectures) > MaxLayerNameLength)
        {
            throw new LayerSettingsException(LayerParameters.LayerName.Name,
                $"layer-name '{name}' is too long for a matrix: with a suffix such as '-python312-x86_64' a layer name must stay within " +
                $"{MaxLayerNameLength} characters. Choose a shorter layer-name.");
        }

        var buildDirectory = settings.Layout.BuildDirectory;
        var entries = new List<LayerSettings>();
        foreach (var runtime in runtimes)
        {
            foreach (var architecture in architectures)
            {
                var entry = EntryName(runtime, architecture);
                entries.Add(settings with
                {
                    Runtime = runtime,
                    Architecture = architecture,
                    Runtimes = [],
                    Architectures = [],
                    MatrixEntry = entry,
                    BuildDirectory = Path.Combine(buildDirectory, entry),
                });
            }
        }
        return new LayerMatrix(settings, entries);
    }

    /// <summary>Lambda's limit on a layer name.</summary>
    public const int MaxLayerNameLength = LambdaLimits.LayerNameCharacters;

    // "-python312" and "-x86_64": the longest suffix a published layer of this matrix can get.
    private static int LongestSuffix(IReadOnlyList<LambdaRuntime> runtimes, IReadOnlyList<LambdaArchitecture> architectures) =>
        (runtimes.Count > 1 ? 1 + runtimes.Max(r => r.LayerNameToken.Length) : 0) +
        (architectures.Count > 1 ? 1 + architectures.Max(a => a.LayerNameToken.Length) : 0);

    private static string Names<T>(IEnumerable<T> values) => string.Join(", ", values);
}
