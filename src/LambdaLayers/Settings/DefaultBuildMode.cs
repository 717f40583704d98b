using System.Collections.Concurrent;
using LambdaLayers.Execution;
using LambdaLayers.Planning;

namespace LambdaLayers.Settings;

/// <summary>
/// The build mode when none is given: cross-platform wherever the tool can do it, because it installs
/// only wheels built for the Lambda runtime and needs neither Docker nor an interpreter of the runtime's
/// version (so the default runtime, the newest one, works on any machine); local otherwise. pip and uv
/// always can; Poetry only when it has <c>poetry export</c> (Poetry 2.x and Debian's Poetry ship without
/// it), which is asked of the Poetry on PATH once per process.
/// </summary>
public static class DefaultBuildMode
{
    public const string Description = "cross-platform where the tool can (pip, uv, Poetry with `poetry export`), else local";

    private static readonly ConcurrentDictionary<string, bool?> PoetryExportByPath = new(StringComparer.Ordinal);

    private static readonly IReadOnlyDictionary<ToolKind, string> CrossPlatformReasons = new Dictionary<ToolKind, string>
    {
        [ToolKind.Pip] = "the default for pip: it installs only wheels built for the Lambda runtime and needs no interpreter of the runtime's version",
        [ToolKind.Uv] = "the default for uv: it installs only wheels built for the Lambda runtime and needs no interpreter of the runtime's version",
        [ToolKind.Poetry] = "the default for Poetry with `poetry export`: it installs only wheels built for the Lambda runtime",
    };

    /// <param name="poetryHasExport">Overrides the question to Poetry (for tests); null asks the Poetry on PATH.</param>
    public static (BuildMode Mode, string Reason) Choose(ToolKind tool, Func<bool?>? poetryHasExport = null)
    {
        if (tool != ToolKind.Poetry)
        {
            return (BuildMode.CrossPlatform, CrossPlatformReasons[tool]);
        }
        var hasExport = (poetryHasExport ?? AskPoetry)();
        return hasExport switch
        {
            true => (BuildMode.CrossPlatform, CrossPlatformReasons[tool]),
            false => (BuildMode.Local,
                "the default for Poetry without `poetry export` (install poetry-plugin-export for cross-platform builds): " +
                "it installs for this machine, and the compatibility check guards the result"),
            null => (BuildMode.Local, "the default for Poetry when Poetry is not on PATH to ask whether it has `poetry export`"),
        };
    }

    private static bool? AskPoetry()
    {
        var path = ProgramLocator.FindOnPath("poetry");
        return path is null
            ? null
            : PoetryExportByPath.GetOrAdd(path, _ => ToolProbe.ProbeAsync(ToolKind.Poetry, BuildMode.CrossPlatform, CancellationToken.None).GetAwaiter().GetResult()?.HasExportCommand);
    }
}
