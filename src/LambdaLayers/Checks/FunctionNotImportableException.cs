namespace LambdaLayers.Checks;

/// <summary>The function's own code installs no module Lambda could import from the zip root; the message says which distribution and what to change.</summary>
public sealed class FunctionNotImportableException(string message) : LayerException(message);
