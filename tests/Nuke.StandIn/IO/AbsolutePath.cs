namespace Nuke.Common.IO;

/// <summary>Stand-in of NUKE's AbsolutePath: an absolute path that converts to string and joins with '/'.</summary>
public sealed class AbsolutePath
{
    private readonly string path;

    private AbsolutePath(string path) => this.path = Path.GetFullPath(path);

    public static AbsolutePath Create(string path) => new(path);

    public static AbsolutePath operator /(AbsolutePath left, string right) => new(Path.Combine(left.path, right));

    public static implicit operator string(AbsolutePath path) => path.path;

    public override string ToString() => path;
}
