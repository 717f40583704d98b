namespace LambdaLayers.Checks;

/// <summary>
/// A file starts with the ELF magic but its header or tables are cut short or point outside it. The
/// message says what is wrong in ELF terms; the compatibility check adds which file it is.
/// </summary>
public sealed class InvalidElfException(string message) : Exception(message);
