namespace LambdaLayers.Publishing;

/// <summary>
/// A Lambda function's configuration as GetFunctionConfiguration, UpdateFunctionCode and PublishVersion return it:
/// what this tool reads to decide whether the code must change (<see cref="CodeSha256"/>) and when an update has
/// finished (<see cref="LastUpdateStatus"/>).
/// </summary>
public sealed record FunctionConfiguration
{
    public const string Successful = "Successful";
    public const string Failed = "Failed";
    public const string InProgress = "InProgress";

    public required string FunctionName { get; init; }

    public string? FunctionArn { get; init; }

    /// <summary>"$LATEST", or the number of a published version.</summary>
    public string? Version { get; init; }

    /// <summary>Base64 SHA-256 of the deployed zip.</summary>
    public string? CodeSha256 { get; init; }

    public long? CodeSize { get; init; }

    /// <summary>Pending, Active, Inactive or Failed.</summary>
    public string? State { get; init; }

    public string? StateReason { get; init; }

    /// <summary>InProgress, Successful or Failed: how the last code or configuration update went.</summary>
    public string? LastUpdateStatus { get; init; }

    public string? LastUpdateStatusReason { get; init; }

    public string? LastUpdateStatusReasonCode { get; init; }

    public string? RevisionId { get; init; }

    public string? Description { get; init; }

    /// <summary>True while Lambda is still applying an update (or creating the function): a new update would be refused.</summary>
    public bool IsUpdating => LastUpdateStatus == InProgress || State == "Pending";
}
