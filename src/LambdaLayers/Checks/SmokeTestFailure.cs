namespace LambdaLayers.Checks;

/// <summary>One module that did not import: its distribution, the module and the last line of the exception (or what stopped the interpreter).</summary>
public sealed record SmokeTestFailure(string Distribution, string? Version, string Module, string Error);
