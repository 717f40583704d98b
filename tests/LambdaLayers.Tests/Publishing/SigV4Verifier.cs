using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace LambdaLayers.Tests.Publishing;

/// <summary>
/// Verifies AWS Signature Version 4 (header form, AWS4-HMAC-SHA256), written from the specification
/// rather than from the SDK so that it can catch the SDK's signer being used wrongly:
/// canonical request → string to sign → signing key (HMAC chain over date, region, service,
/// "aws4_request") → signature. Checked against every case of the reference test suite.
/// Paths are taken decoded and URI-encoded once (the suite's convention; AWS's double encoding for
/// non-S3 services only differs for characters our layer names never contain).
/// </summary>
public static class SigV4Verifier
{
    public const string Algorithm = "AWS4-HMAC-SHA256";
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(15);

    /// <param name="secretFor">The secret key of an access key id, or null when the key is unknown.</param>
    /// <param name="now">When set, the request's date must be within 15 minutes of it.</param>
    public static SigV4Verification Verify(SigV4Request request, Func<string, string?> secretFor, string? expectedService, DateTimeOffset? now)
    {
        var authorization = request.Header("Authorization");
        if (authorization is null || !authorization.StartsWith(Algorithm + " ", StringComparison.Ordinal))
        {
            return SigV4Verification.Fail("MissingAuthenticationTokenException", "Missing Authentication Token");
        }
        var parts = authorization[(Algorithm.Length + 1)..]
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1]);
        if (!parts.TryGetValue("Credential", out var credential) || !parts.TryGetValue("SignedHeaders", out var signedHeadersText) ||
            !parts.TryGetValue("Signature", out var signature))
        {
            return SigV4Verification.Fail("IncompleteSignatureException", "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature'.");
        }
        var scope = credential.Split('/');
        if (scope.Length != 5 || scope[4] != "aws4_request")
        {
            return SigV4Verification.Fail("IncompleteSignatureException", $"Credential should be scoped to a valid region, not '{credential}'.");
        }
        var (accessKey, date, region, service) = (scope[0], scope[1], scope[2], scope[3]);
        var signedHeaders = signedHeadersText.Split(';');
        if (!signedHeaders.Contains("host") || signedHeaders.Any(h => h != h.ToLowerInvariant()) ||
            !signedHeaders.SequenceEqual(signedHeaders.Order(StringComparer.Ordinal)))
        {
            return SigV4Verification.Fail("IncompleteSignatureException", "SignedHeaders must be lower-case, sorted and include host.", accessKey);
        }
        var timestamp = request.Header("X-Amz-Date");
        if (timestamp is null || !DateTimeOffset.TryParseExact(timestamp, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal, out var signedAt) || !timestamp.StartsWith(date, StringComparison.Ordinal))
        {
            return SigV4Verification.Fail("IncompleteSignatureException", "X-Amz-Date is missing, malformed or does not match the credential scope date.", accessKey);
        }
        if (expectedService is not null && service != expectedService)
        {
            return SigV4Verification.Fail("InvalidSignatureException", $"Credential should be scoped to correct service: '{expectedService}'.", accessKey);
        }
        if (now is { } clock && (clock - signedAt).Duration() > MaxClockSkew)
        {
            return SigV4Verification.Fail("InvalidSignatureException", "Signature expired: the request time is more than 15 minutes from the server time.", accessKey);
        }
        var secret = secretFor(accessKey);
        if (secret is null)
        {
            return SigV4Verification.Fail("UnrecognizedClientException", "The security token included in the request is invalid.", accessKey);
        }

        var payloadHash = request.Header("x-amz-content-sha256") is { } declared && declared == "UNSIGNED-PAYLOAD"
            ? declared
            : Hex(SHA256.HashData(request.Body));
        if (request.Header("x-amz-content-sha256") is { } claimed && claimed != payloadHash)
        {
            return SigV4Verification.Fail("InvalidSignatureException", "The provided x-amz-content-sha256 header does not match what was computed.", accessKey);
        }
        var canonical = CanonicalRequest(request, signedHeaders, payloadHash);
        var stringToSign = StringToSign(timestamp, $"{date}/{region}/{service}/aws4_request", canonical);
        var expected = Signature(secret, date, region, service, stringToSign);
        var valid = CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature));
        return new SigV4Verification(valid,
            valid ? null : "InvalidSignatureException",
            valid ? null : "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
            accessKey, region, service, canonical, stringToSign, expected);
    }

    public static string CanonicalRequest(SigV4Request request, IReadOnlyList<string> signedHeaders, string payloadHash)
    {
        var builder = new StringBuilder();
        builder.Append(request.Method.ToUpperInvariant()).Append('\n');
        builder.Append(CanonicalPath(request.Path)).Append('\n');
        builder.Append(CanonicalQuery(request.Query)).Append('\n');
        foreach (var name in signedHeaders)
        {
            builder.Append(name).Append(':')
                .Append(string.Join(',', request.HeaderValues(name).Select(CanonicalHeaderValue))).Append('\n');
        }
        builder.Append('\n').Append(string.Join(';', signedHeaders)).Append('\n').Append(payloadHash);
        return builder.ToString();
    }

    public static string StringToSign(string timestamp, string scope, string canonicalRequest) =>
        $"{Algorithm}\n{timestamp}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";

    public static string Signature(string secret, string date, string region, string service, string stringToSign)
    {
        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secret), date);
        key = Hmac(key, region);
        key = Hmac(key, service);
        key = Hmac(key, "aws4_request");
        return Hex(Hmac(key, stringToSign));
    }

    /// <summary>Removes "." and ".." segments and empty segments (RFC 3986 §5.2.4 plus AWS's slash collapsing), then encodes each segment.</summary>
    public static string CanonicalPath(string path)
    {
        var segments = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            if (segment is "" or ".") continue;
            if (segment == "..")
            {
                if (segments.Count > 0) segments.RemoveAt(segments.Count - 1);
                continue;
            }
            segments.Add(UriEncode(segment));
        }
        var trailing = segments.Count > 0 && (path.EndsWith('/') || path.EndsWith("/.") || path.EndsWith("/.."));
        return "/" + string.Join('/', segments) + (trailing ? "/" : "");
    }

    /// <summary>Parameters decoded, re-encoded, sorted by name then value; a name without '=' gets an empty value.</summary>
    public static string CanonicalQuery(string query)
    {
        if (string.IsNullOrEmpty(query)) return "";
        return string.Join('&', query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Select(p => (Name: UriEncode(Uri.UnescapeDataString(p[0])), Value: UriEncode(Uri.UnescapeDataString(p.Length > 1 ? p[1] : ""))))
            .OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => $"{p.Name}={p.Value}"));
    }

    /// <summary>Trimmed, with each run of whitespace (folded lines included) made one space.</summary>
    public static string CanonicalHeaderValue(string value) =>
        string.Join(' ', value.Split([' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries));

    /// <summary>RFC 3986 encoding: unreserved characters stay, every other UTF-8 byte becomes %XX (upper case).</summary>
    public static string UriEncode(string value)
    {
        var builder = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.' or '~')
                builder.Append(c);
            else
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
        return builder.ToString();
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
