using System.Globalization;
using System.Text.Json.Serialization;

namespace LambdaLayers.Packaging;

/// <summary>
/// What the bytecode step did, as layer.json, <c>--json</c> and the summary carry it: compiled (how many files,
/// how many bytes, which files did not compile), skipped (why it could not run here, or why the result was
/// left out) or off (<c>--no-bytecode</c>).
/// </summary>
public sealed record BytecodeOutcome
{
    public const string CompiledResult = "compiled";
    public const string SkippedResult = "skipped";
    public const string OffResult = "off";

    public required string Result { get; init; }

    /// <summary>Why it was skipped or off; null when it compiled.</summary>
    public string? Reason { get; init; }

    /// <summary>Where it ran: "python3.11 3.11.2 (/usr/bin/python3.11)" or "python3 3.11.2 in public.ecr.aws/sam/…".</summary>
    public string? Interpreter { get; init; }

    /// <summary>The runtime's cache tag in the pyc names ("cpython-311").</summary>
    public string? CacheTag { get; init; }

    /// <summary>How many Python files got a pyc, and the pycs' bytes.</summary>
    public int Files { get; init; }

    public long Bytes { get; init; }

    /// <summary>Python files left without bytecode because they do not compile for the runtime, in path order.</summary>
    public IReadOnlyList<BytecodeFailure> Failures { get; init; } = [];

    /// <summary>The compiled files as zip entries (read from the work folder), each with the zip path of its source; not recorded.</summary>
    [JsonIgnore]
    public IReadOnlyList<(ZipEntrySource Pyc, string SourceZipPath)> Entries { get; init; } = [];

    /// <summary>One line for the summary: "compiled: 740 files for cpython-311 with python3.11 …, +5.1 MiB", "skipped, no python3.14 here".</summary>
    public string Summary => Result switch
    {
        CompiledResult when Files == 0 && Failures.Count == 0 => "compiled: the layer has no Python files",
        CompiledResult => string.Create(CultureInfo.InvariantCulture,
            $"compiled: {Files} files to {CacheTag} pycs (unchecked hash) with {Interpreter}, +{Size(Bytes)} unzipped") +
            (Failures.Count == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $"; {Failures.Count} left without bytecode (they do not compile)")),
        OffResult => $"off ({Reason})",
        _ => $"skipped, {Reason}",
    };

    private static string Size(long bytes) => bytes switch
    {
        >= 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:0.0} MiB"),
        >= 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
    };

    public static BytecodeOutcome Off(string reason) => new() { Result = OffResult, Reason = reason };

    public static BytecodeOutcome Skipped(string reason) => new() { Result = SkippedResult, Reason = reason };
}
