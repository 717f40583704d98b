namespace LambdaLayers.Settings;

/// <summary>Where packages sit inside layer.zip.</summary>
public enum ZipRoot
{
    /// <summary><c>python/</c> — on sys.path for every Python runtime.</summary>
    Python,

    /// <summary><c>python/lib/python3.X/site-packages</c> — on sys.path only for that runtime.</summary>
    SitePackages,
}
