namespace LambdaLayers.Tests.Support;

/// <summary>A throw-away project folder under the system temp folder, deleted on dispose.</summary>
public sealed class TempProject : IDisposable
{
    public TempProject(string? pyproject = null)
    {
        Root = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ll-test-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Root);
        if (pyproject is not null)
        {
            Write("pyproject.toml", pyproject);
        }
    }

    public string Root { get; }

    public string Path(string relative) => System.IO.Path.Combine(Root, relative);

    public TempProject Write(string relative, string content)
    {
        var path = Path(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return this;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A test that left a process holding a file must not fail the others; the OS temp cleaner takes it.
        }
    }
}
