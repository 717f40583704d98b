namespace LambdaLayers.Packaging;

/// <summary>A Python file left without bytecode because it does not compile for the runtime (its zip path and the compiler's one-line reason).</summary>
public sealed record BytecodeFailure(string Path, string Error);
