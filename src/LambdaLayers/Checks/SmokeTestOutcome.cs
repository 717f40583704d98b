namespace LambdaLayers.Checks;

/// <summary>
/// What the import smoke test did, as layer.json, <c>--json</c> and the summary carry it: passed, failed,
/// skipped (with why it could not run here) or off (turned off with <c>--no-smoke-test</c>).
/// </summary>
public sealed record SmokeTestOutcome
{
    public const string PassedResult = "passed";
    public const string FailedResult = "failed";
    public const string SkippedResult = "skipped";
    public const string OffResult = "off";

    public required string Result { get; init; }

    /// <summary>Why it was skipped or off; null when it ran.</summary>
    public string? Reason { get; init; }

    /// <summary>Where it ran: "python3.12 (/usr/bin/python3.12)" or "python3 in public.ecr.aws/sam/…".</summary>
    public string? Interpreter { get; init; }

    /// <summary>How many modules it imported (or tried to), of how many distributions.</summary>
    public int Modules { get; init; }

    public int Distributions { get; init; }

    public IReadOnlyList<SmokeTestFailure> Failures { get; init; } = [];

    /// <summary>Imports that failed only because a module the Lambda runtime provides is not where the test ran.</summary>
    public IReadOnlyList<string> RuntimeProvidedImports { get; init; } = [];

    /// <summary>One line for the summary: "passed: 12 modules of 5 distributions on python3.12 (…)", "skipped, no python3.14 for x86_64 here".</summary>
    public string Summary => Result switch
    {
        PassedResult when Modules == 0 => "passed: the layer has no top-level modules to import",
        PassedResult => $"passed: {Modules} modules of {Distributions} distributions imported with {Interpreter}",
        FailedResult => $"failed: {Failures.Count} of {Modules} modules did not import with {Interpreter}",
        OffResult => $"off ({Reason})",
        _ => $"skipped, {Reason}",
    };

    public static SmokeTestOutcome Off(string reason) => new() { Result = OffResult, Reason = reason };

    public static SmokeTestOutcome Skipped(string reason) => new() { Result = SkippedResult, Reason = reason };
}
