using LambdaLayers.Settings;

namespace LambdaLayers.Nuke;

/// <summary>
/// Collects the NUKE parameters that are set into the explicit values of settings resolution, keyed by the
/// parameter table's names. Unset parameters are left out, so pyproject.toml and the environment still apply.
/// </summary>
internal static class BoundLayerParameters
{
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Of(IHazLayer layer)
    {
        var values = new Dictionary<string, IReadOnlyList<string>>();
        void Add(LayerParameter parameter, object? value)
        {
            switch (value)
            {
                case null:
                    return;
                case string text:
                    values[parameter.Name] = [text];
                    return;
                case string[] list:
                    values[parameter.Name] = list;
                    return;
                case bool flag:
                    values[parameter.Name] = [flag ? "true" : "false"];
                    return;
                case int number:
                    values[parameter.Name] = [number.ToString(System.Globalization.CultureInfo.InvariantCulture)];
                    return;
            }
        }

        Add(LayerParameters.Project, layer.Project);
        Add(LayerParameters.Tool, layer.Tool);
        Add(LayerParameters.Runtime, layer.Runtime);
        Add(LayerParameters.Architecture, layer.Architecture);
        Add(LayerParameters.Mode, layer.Mode);
        Add(LayerParameters.Python, layer.Python);
        Add(LayerParameters.Group, layer.Group);
        Add(LayerParameters.Extra, layer.Extra);
        Add(LayerParameters.ToolArgs, layer.ToolArgs);
        Add(LayerParameters.IndexUrl, layer.IndexUrl);
        Add(LayerParameters.IndexName, layer.IndexName);
        Add(LayerParameters.IndexUsername, layer.IndexUsername);
        Add(LayerParameters.IndexPassword, layer.IndexPassword);
        Add(LayerParameters.Exclude, layer.Exclude);
        Add(LayerParameters.NoDefaultExcludes, layer.NoDefaultExcludes);
        Add(LayerParameters.ExcludePattern, layer.ExcludePattern);
        Add(LayerParameters.ZipLayout, layer.ZipLayout);
        Add(LayerParameters.ReservedMb, layer.ReservedMb);
        Add(LayerParameters.Image, layer.Image);
        Add(LayerParameters.DockerArgs, layer.DockerArgs);
        Add(LayerParameters.ContainerCache, layer.ContainerCache);
        Add(LayerParameters.LayerName, layer.LayerName);
        Add(LayerParameters.Bucket, layer.Bucket);
        Add(LayerParameters.Prefix, layer.Prefix);
        Add(LayerParameters.Region, layer.Region);
        Add(LayerParameters.Profile, layer.Profile);
        Add(LayerParameters.Description, layer.Description);
        Add(LayerParameters.License, layer.License);
        Add(LayerParameters.CompatibleRuntimes, layer.CompatibleRuntimes);
        Add(LayerParameters.CompatibleArchitectures, layer.CompatibleArchitectures);
        Add(LayerParameters.ShareWith, layer.ShareWith);
        Add(LayerParameters.Retain, layer.Retain);
        Add(LayerParameters.RetainDays, layer.RetainDays);
        Add(LayerParameters.RetainDryRun, layer.RetainDryRun);
        Add(LayerParameters.LambdaEndpoint, layer.LambdaEndpoint);
        Add(LayerParameters.S3Endpoint, layer.S3Endpoint);
        Add(LayerParameters.BuildDir, layer.BuildDir);
        return values;
    }
}
