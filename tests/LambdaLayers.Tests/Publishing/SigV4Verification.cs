namespace LambdaLayers.Tests.Publishing;

/// <summary>
/// The outcome of checking one request: on failure, the error code and message AWS would answer with;
/// always the intermediate texts, so tests can compare them with the reference suite.
/// </summary>
public sealed record SigV4Verification(
    bool Valid,
    string? ErrorCode,
    string? Message,
    string? AccessKey,
    string? Region,
    string? Service,
    string CanonicalRequest,
    string StringToSign,
    string ExpectedSignature)
{
    public static SigV4Verification Fail(string code, string message, string? accessKey = null) =>
        new(false, code, message, accessKey, null, null, "", "", "");
}
