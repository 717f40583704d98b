namespace LambdaLayers.Settings;

/// <summary>The installer that resolves and installs the project's dependencies.</summary>
public enum ToolKind
{
    Pip,
    Poetry,
    Uv,
}
