namespace LambdaLayers.Execution.Containers;

/// <summary>
/// What the script needs to know about the container besides the plan: which tools to install when the
/// image lacks them, and variables every command gets.
/// </summary>
public sealed record ContainerScriptContext
{
    /// <summary>Tools to use from the image or else install, pinned (see <see cref="ToolInstallation"/>).</summary>
    public IReadOnlyList<ToolInstallation> Tools { get; init; } = [];

    /// <summary>
    /// Variables set for every command after its cleared prefixes are removed and before its own
    /// environment is applied (cache folders, PIP_BREAK_SYSTEM_PACKAGES), so a plan that clears PIP_*
    /// still gets them and a plan that sets one itself wins.
    /// </summary>
    public IReadOnlyDictionary<string, string> CommonEnvironment { get; init; } = new Dictionary<string, string>();

    /// <summary>The interpreter used to create the tools' venv.</summary>
    public string PythonCommand { get; init; } = "python3";

    /// <summary>Where tools missing from the image are installed (a venv) and put on PATH.</summary>
    public string ToolsDirectory { get; init; } = "/tmp/lambda-layers-tools";

    /// <summary>Named in the script's header comment, for whoever reads a kept script.</summary>
    public string Image { get; init; } = "";
}
