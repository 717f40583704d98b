namespace LambdaLayers.Settings;

/// <summary>Where and how the installer runs.</summary>
public enum BuildMode
{
    /// <summary>The tool installs for the machine it runs on.</summary>
    Local,

    /// <summary>The plan runs inside the SAM build image through the docker CLI.</summary>
    Container,

    /// <summary>The host installs only Lambda-compatible binary wheels for the target platform.</summary>
    CrossPlatform,
}
