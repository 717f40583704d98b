namespace LambdaLayers.Settings;

/// <summary>How a parameter's value is written and read.</summary>
public enum ParameterKind
{
    /// <summary>One string.</summary>
    Text,

    /// <summary>Several strings: repeated on the command line, a TOML/JSON array, or comma-separated in the environment.</summary>
    List,

    /// <summary>true/false; on the command line present or absent.</summary>
    Flag,

    /// <summary>A whole number.</summary>
    Number,
}
