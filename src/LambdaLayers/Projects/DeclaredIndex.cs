namespace LambdaLayers.Projects;

/// <summary>A package index declared in pyproject.toml (Poetry source or uv index).</summary>
public sealed record DeclaredIndex(string Name, string? Url);
