using System.Net;

namespace LambdaLayers.Publishing;

/// <summary>
/// An AWS request that failed: the service's answer (HTTP status, error code such as
/// <c>ResourceNotFoundException</c>, its message and request id) or, with <see cref="StatusCode"/> 0,
/// a transport failure that may or may not have reached AWS. The message carries AWS's own words plus
/// what to do; never a credential.
/// </summary>
public sealed class AwsRequestException : LayerException
{
    public AwsRequestException(string operation, int statusCode, string errorCode, string awsMessage, string? requestId, string? hint = null, Exception? inner = null)
        : base(Compose(operation, statusCode, errorCode, awsMessage, requestId, hint), inner ?? new Exception(errorCode))
    {
        Operation = operation;
        StatusCode = statusCode;
        ErrorCode = errorCode;
        AwsMessage = awsMessage;
        RequestId = requestId;
    }

    /// <summary>The API operation that failed ("PublishLayerVersion").</summary>
    public string Operation { get; }

    /// <summary>The HTTP status; 0 when no answer arrived (connection error, timeout).</summary>
    public int StatusCode { get; }

    /// <summary>AWS's error code (<c>x-amzn-ErrorType</c> without its suffix), or "TransportError".</summary>
    public string ErrorCode { get; }

    /// <summary>AWS's own message, as sent.</summary>
    public string AwsMessage { get; }

    public string? RequestId { get; }

    /// <summary>
    /// True when the request may have been carried out although no success came back: a transport error, a 5xx, or
    /// an answer that could not be read.
    /// </summary>
    public bool MayHaveSucceeded => StatusCode == 0 || StatusCode >= 500 || ErrorCode == UnreadableAnswer;

    public bool IsThrottling => StatusCode == (int)HttpStatusCode.TooManyRequests || ErrorCode is "TooManyRequestsException" or "ThrottlingException";

    public const string TransportError = "TransportError";

    /// <summary>The error code for an answer that is not the JSON the API sends (an empty or cut-off body, a proxy's page).</summary>
    public const string UnreadableAnswer = "UnreadableAnswer";

    private static string Compose(string operation, int statusCode, string errorCode, string awsMessage, string? requestId, string? hint)
    {
        var status = statusCode == 0 ? "no response" : $"HTTP {statusCode}";
        var text = $"AWS Lambda {operation} failed ({status}, {errorCode}): {awsMessage}";
        if (!string.IsNullOrEmpty(requestId))
        {
            text += $" [request id {requestId}]";
        }
        return hint is null ? text : $"{text} {hint}";
    }
}
