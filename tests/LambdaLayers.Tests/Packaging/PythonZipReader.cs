using System.Diagnostics;
using System.Text.Json;
using LambdaLayers.Tests.Support;

namespace LambdaLayers.Tests.Packaging;

/// <summary>
/// Reads a zip back with CPython's <c>zipfile</c>: <c>testzip()</c> decompresses every entry and checks
/// its CRC-32; the entry list carries name, st_mode, creator system, timestamp, method and extra length.
/// </summary>
public static class PythonZipReader
{
    private const string Script = """
        import json, sys, zipfile
        with zipfile.ZipFile(sys.argv[1]) as z:
            bad = z.testzip()
            entries = [{"name": i.filename, "mode": i.external_attr >> 16, "system": i.create_system,
                        "time": list(i.date_time), "method": i.compress_type, "extra": len(i.extra),
                        "size": i.file_size, "content": z.read(i).hex() if i.file_size <= 64 else None}
                       for i in z.infolist()]
        print(json.dumps({"bad": bad, "entries": entries}))
        """;

    public sealed record Entry(string Name, int Mode, int System, int[] Time, int Method, int Extra, long Size, string? Content);

    public sealed record Listing(string? Bad, List<Entry> Entries);

    public static Listing Read(string zipPath)
    {
        var python = TestEnvironment.RequireProgram("python3");
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Script);
        start.ArgumentList.Add(zipPath);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"python zipfile failed: {stderr.Result}");
        return JsonSerializer.Deserialize<Listing>(stdout.Result, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }

    public static string Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program} failed ({process.ExitCode}): {stderr.Result}");
        return stdout.Result;
    }
}
