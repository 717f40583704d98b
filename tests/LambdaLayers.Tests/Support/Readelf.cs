using System.Text.RegularExpressions;

namespace LambdaLayers.Tests.Support;

/// <summary>
/// binutils' readelf as the reference the ELF reader is compared with: <c>readelf -h</c> for the header
/// and <c>readelf -V</c> for the version needs, parsed from its text output.
/// </summary>
public static partial class Readelf
{
    // readelf -h "Machine:" texts of the machines the tests use.
    private static readonly IReadOnlyDictionary<string, ushort> Machines = new Dictionary<string, ushort>
    {
        ["Advanced Micro Devices X86-64"] = 62,
        ["AArch64"] = 183,
        ["Intel 80386"] = 3,
        ["ARM"] = 40,
        ["PowerPC"] = 20,
        ["PowerPC64"] = 21,
        ["IBM S/390"] = 22,
        ["MIPS R3000"] = 8,
        ["RISC-V"] = 243,
    };

    public sealed record Header(int Class, bool LittleEndian, ushort Machine, ushort Type);

    public static Header ReadHeader(string path)
    {
        var output = Run("-h", path);
        string Field(string name) => Regex.Match(output, $@"^\s*{Regex.Escape(name)}:\s*(.+?)\s*$", RegexOptions.Multiline).Groups[1].Value;
        var machineText = Field("Machine");
        Assert.True(Machines.TryGetValue(machineText, out var machine), $"readelf machine '{machineText}' is not in the test table");
        var typeText = Field("Type");
        ushort type = typeText.StartsWith("REL ", StringComparison.Ordinal) ? (ushort)1
            : typeText.StartsWith("EXEC ", StringComparison.Ordinal) ? (ushort)2
            : typeText.StartsWith("DYN ", StringComparison.Ordinal) ? (ushort)3
            : (ushort)0;
        return new Header(Field("Class") == "ELF64" ? 64 : 32, Field("Data").Contains("little endian", StringComparison.Ordinal), machine, type);
    }

    /// <summary>The version needs as (file, versions) pairs in the order readelf prints them.</summary>
    public static IReadOnlyList<(string File, IReadOnlyList<string> Versions)> ReadVersionNeeds(string path)
    {
        var output = Run("-V", "-W", path);
        var start = output.IndexOf("Version needs section", StringComparison.Ordinal);
        var needs = new List<(string, IReadOnlyList<string>)>();
        if (start < 0)
        {
            return needs;
        }
        List<string>? current = null;
        foreach (var line in output[start..].Split('\n').Skip(1))
        {
            if (line.Trim().Length == 0 && needs.Count > 0)
            {
                break;
            }
            var file = FileLine().Match(line);
            if (file.Success)
            {
                current = [];
                needs.Add((file.Groups[1].Value, current));
                continue;
            }
            var name = NameLine().Match(line);
            if (name.Success && current is not null)
            {
                current.Add(name.Groups[1].Value);
            }
        }
        return needs;
    }

    private static string Run(params string[] arguments)
    {
        var readelf = TestEnvironment.RequireProgram("readelf");
        var result = ToolProcess.Run(readelf, arguments, Path.GetTempPath(), new Dictionary<string, string?> { ["LC_ALL"] = "C" });
        Assert.True(result.ExitCode == 0, $"readelf {string.Join(' ', arguments)} failed: {result.Output}");
        return result.Output;
    }

    [GeneratedRegex(@"^\s*(?:0x)?[0-9a-f]+:\s+Version: \d+\s+File: (\S+)\s+Cnt: \d+", RegexOptions.IgnoreCase)]
    private static partial Regex FileLine();

    [GeneratedRegex(@"^\s*0x[0-9a-f]+:\s+Name: (\S+)\s+Flags:", RegexOptions.IgnoreCase)]
    private static partial Regex NameLine();
}
