namespace LambdaLayers.Settings;

/// <summary>A setting is missing, unknown or malformed; the message names the setting and the accepted values.</summary>
public sealed class LayerSettingsException(string setting, string message) : LayerException(message)
{
    /// <summary>The parameter name at fault, as users write it ("runtime", "tool").</summary>
    public string Setting { get; } = setting;
}
