namespace LambdaLayers.Tests.Publishing;

/// <summary>A scripted failure the fake Lambda answers the next matching request with.</summary>
public sealed record FakeLambdaFault(string Operation, int Status, string ErrorCode, string Message, bool AfterAction = false, int? RetryAfterSeconds = null)
{
    /// <summary>When set, the answer is <see cref="Status"/> with this text as its body, as is: a malformed answer.</summary>
    public string? RawBody { get; init; }

    /// <summary>A success status whose body is not Lambda's JSON, before anything was done (a proxy's page, say).</summary>
    public static FakeLambdaFault MalformedAnswer(string operation, string body, int status = 200) =>
        new(operation, status, "", "") { RawBody = body };

    /// <summary>The operation is carried out, then answered with a success status and a body that is not Lambda's JSON.</summary>
    public static FakeLambdaFault MalformedAnswerAfter(string operation, string body, int status = 201) =>
        new(operation, status, "", "", AfterAction: true) { RawBody = body };

    public static FakeLambdaFault Throttle(string operation, int retryAfterSeconds) =>
        new(operation, 429, "TooManyRequestsException", "Rate exceeded", RetryAfterSeconds: retryAfterSeconds);

    /// <summary>A 500 before anything happened.</summary>
    public static FakeLambdaFault ServerErrorBefore(string operation) =>
        new(operation, 500, "ServiceException", "Internal error (scripted, nothing was done)");

    /// <summary>A 500 after the operation was carried out: the caller cannot tell it succeeded.</summary>
    public static FakeLambdaFault ServerErrorAfter(string operation) =>
        new(operation, 500, "ServiceException", "Internal error (scripted, the operation was carried out)", AfterAction: true);

    /// <summary>The operation is carried out, then the connection is dropped without an answer (status 0).</summary>
    public static FakeLambdaFault ConnectionDroppedAfter(string operation) =>
        new(operation, 0, "ConnectionDropped", "", AfterAction: true);
}
