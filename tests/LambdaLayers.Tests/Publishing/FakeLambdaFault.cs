namespace LambdaLayers.Tests.Publishing;

/// <summary>A scripted failure the fake Lambda answers the next matching request with.</summary>
public sealed record FakeLambdaFault(string Operation, int Status, string ErrorCode, string Message, bool AfterAction = false, int? RetryAfterSeconds = null)
{
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
