namespace LambdaLayers.Projects;

/// <summary>pyproject.toml is missing, not valid TOML, or holds a value of the wrong type.</summary>
public sealed class PyProjectException : LayerException
{
    public PyProjectException(string path, string message) : base(message) => FilePath = path;

    public PyProjectException(string path, string message, Exception inner) : base(message, inner) => FilePath = path;

    public string FilePath { get; }
}
