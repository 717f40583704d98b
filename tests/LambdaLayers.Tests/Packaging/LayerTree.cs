using System.Security.Cryptography;
using System.Text;
using LambdaLayers.Settings;

namespace LambdaLayers.Tests.Packaging;

/// <summary>
/// A throw-away project whose build folder holds an <c>artifacts/python</c> tree written the way pip
/// <c>--target</c> leaves it: packages, <c>*.dist-info</c> folders with METADATA, RECORD and
/// entry_points.txt, and console scripts in <c>bin/</c> that RECORD lists as <c>../../bin/NAME</c>.
/// </summary>
public sealed class LayerTree : IDisposable
{
    /// <param name="folderName">The project folder's name under the temp folder (a random one by default).</param>
    public LayerTree(string? folderName = null)
    {
        Root = Path.Combine(Path.GetTempPath(), folderName ?? "ll-pkg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Root);
        File.WriteAllText(Path.Combine(Root, "requirements.txt"), "requests==2.32.3\n");
        File.WriteAllText(Path.Combine(Root, "pyproject.toml"), "[project]\nname = \"demo\"\n");
        Settings = new LayerSettings
        {
            ProjectDirectory = Root,
            PyProjectPath = Path.Combine(Root, "pyproject.toml"),
            Tool = ToolKind.Pip,
            Runtime = LambdaRuntimes.Find("python3.12")!,
            // These trees hold made-up packages that need not import or compile; the smoke test and the bytecode
            // step have their own tests.
            SmokeTest = false,
            Bytecode = false,
        };
        Directory.CreateDirectory(PythonDirectory);
    }

    public string Root { get; }

    public LayerSettings Settings { get; set; }

    public string PythonDirectory => Settings.Layout.PythonDirectory;

    public string ZipPath => Settings.Layout.ZipPath;

    public string ReportPath => Settings.Layout.PackageRecordPath;

    public string PathOf(string relative) => Path.Combine(PythonDirectory, relative.Replace('/', Path.DirectorySeparatorChar));

    public void WriteFile(string relative, byte[] content, bool executable = false)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, executable
                ? UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute
                : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
    }

    public void WriteFile(string relative, string content, bool executable = false) =>
        WriteFile(relative, Encoding.UTF8.GetBytes(content), executable);

    /// <summary>
    /// Writes a distribution: its files, and a dist-info folder whose RECORD lists them, the dist-info
    /// files and, for each console script, <c>../../bin/NAME</c> (pip --target's form).
    /// </summary>
    public void AddDistribution(string name, string version, IReadOnlyDictionary<string, string> files,
        IReadOnlyList<string>? requires = null, IReadOnlyList<string>? scripts = null)
    {
        var distInfo = $"{name.Replace('-', '_')}-{version}.dist-info";
        var record = new List<string>();
        foreach (var (relative, content) in files)
        {
            WriteFile(relative, content);
            record.Add(RecordLine(relative, Encoding.UTF8.GetBytes(content)));
        }
        foreach (var script in scripts ?? [])
        {
            var body = $"#!/usr/bin/python3\nfrom {name.Replace('-', '_')} import main\nmain()\n";
            WriteFile("bin/" + script, body, executable: true);
            record.Add(RecordLine("../../bin/" + script, Encoding.UTF8.GetBytes(body)));
        }
        var metadata = new StringBuilder($"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\nSummary: test distribution\n");
        foreach (var requirement in requires ?? [])
        {
            metadata.Append("Requires-Dist: ").Append(requirement).Append('\n');
        }
        metadata.Append("\nLong description.\nName: not-a-header\n");
        WriteFile($"{distInfo}/METADATA", metadata.ToString());
        record.Add(RecordLine($"{distInfo}/METADATA", Encoding.UTF8.GetBytes(metadata.ToString())));
        WriteFile($"{distInfo}/INSTALLER", "pip\n");
        record.Add(RecordLine($"{distInfo}/INSTALLER", "pip\n"u8.ToArray()));
        if (scripts is { Count: > 0 })
        {
            var entryPoints = "[console_scripts]\n" + string.Concat(scripts.Select(s => $"{s} = {name.Replace('-', '_')}:main\n"));
            WriteFile($"{distInfo}/entry_points.txt", entryPoints);
            record.Add(RecordLine($"{distInfo}/entry_points.txt", Encoding.UTF8.GetBytes(entryPoints)));
        }
        record.Add($"{distInfo}/RECORD,,");
        WriteFile($"{distInfo}/RECORD", string.Join("\n", record) + "\n");
    }

    private static string RecordLine(string path, byte[] content)
    {
        var hash = Convert.ToBase64String(SHA256.HashData(content)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var quoted = path.Contains(',') ? $"\"{path}\"" : path;
        return $"{quoted},sha256={hash},{content.Length}";
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
