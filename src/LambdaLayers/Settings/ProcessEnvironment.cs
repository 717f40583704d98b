namespace LambdaLayers.Settings;

/// <summary>This process's environment variables as a dictionary, the form settings and CI outputs read.</summary>
public static class ProcessEnvironment
{
    public static IReadOnlyDictionary<string, string> Snapshot() =>
        Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "");
}
