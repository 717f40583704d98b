using System.Security.Cryptography;
using System.Text;

namespace LambdaLayers.Tests.Publishing;

/// <summary>
/// The verifier the fake Lambda uses, proven on every case of AWS's SigV4 test suite
/// (a copy lives in TestData/sigv4-test-suite, Apache-2.0, with its LICENSE and NOTICE): canonical request,
/// string to sign and signature.
/// </summary>
public sealed class SigV4VerifierTests
{
    // The suite signs with AWS's documented example credentials (the access key appears in every .authz).
    private const string SuiteAccessKey = "AKIDEXAMPLE";
    private const string SuiteSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    // Copied next to the test assembly by the project file, so the tests read only what the repository carries.
    public static string SuiteDirectory => Path.Combine(AppContext.BaseDirectory, "TestData", "sigv4-test-suite");

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        if (Directory.Exists(SuiteDirectory))
        {
            foreach (var req in Directory.EnumerateFiles(SuiteDirectory, "*.req", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetRelativePath(SuiteDirectory, Path.ChangeExtension(req, null)));
            }
        }
        else
        {
            data.Add("(suite missing)");
        }
        return data;
    }

    [Fact]
    public void The_suite_is_all_there()
    {
        Assert.True(Directory.Exists(SuiteDirectory), $"SigV4 test suite not found at {SuiteDirectory}");
        Assert.Equal(31, Directory.EnumerateFiles(SuiteDirectory, "*.req", SearchOption.AllDirectories).Count());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Verifies_suite_case(string name)
    {
        Assert.True(Directory.Exists(SuiteDirectory), $"SigV4 test suite not found at {SuiteDirectory}");
        var basePath = Path.Combine(SuiteDirectory, name);
        var request = ParseRequest(File.ReadAllText(basePath + ".req"));
        var signed = request with { Headers = [.. request.Headers, new("Authorization", File.ReadAllText(basePath + ".authz").Trim())] };

        var result = SigV4Verifier.Verify(signed, key => key == SuiteAccessKey ? SuiteSecret : null, expectedService: "service", now: null);

        var expectedStringToSign = File.ReadAllText(basePath + ".sts");
        var expectedCanonical = File.ReadAllText(basePath + ".creq");
        // One case's .creq disagrees with its own .sts (its SignedHeaders line omits content-type while the
        // .authz signs it); the .sts and the signature are the suite's authority there.
        if (Hash(expectedCanonical) == expectedStringToSign.Split('\n')[^1])
        {
            Assert.Equal(expectedCanonical, result.CanonicalRequest);
        }
        else
        {
            Assert.Equal("post-x-www-form-urlencoded", Path.GetFileName(name));
        }
        Assert.Equal(expectedStringToSign, result.StringToSign);
        Assert.True(result.Valid, $"{name}: {result.ErrorCode} {result.Message}");
        Assert.Equal(File.ReadAllText(basePath + ".authz").Trim().Split("Signature=")[1], result.ExpectedSignature);
    }

    [Fact]
    public void Rejects_a_wrong_secret_unknown_key_and_stale_date()
    {
        var basePath = Path.Combine(SuiteDirectory, "get-vanilla", "get-vanilla");
        Assert.True(File.Exists(basePath + ".req"), "SigV4 test suite missing");
        var request = ParseRequest(File.ReadAllText(basePath + ".req"));
        var signed = request with { Headers = [.. request.Headers, new("Authorization", File.ReadAllText(basePath + ".authz").Trim())] };

        var wrongSecret = SigV4Verifier.Verify(signed, _ => "not-the-secret", "service", null);
        Assert.False(wrongSecret.Valid);
        Assert.Equal("InvalidSignatureException", wrongSecret.ErrorCode);

        var unknown = SigV4Verifier.Verify(signed, _ => null, "service", null);
        Assert.Equal("UnrecognizedClientException", unknown.ErrorCode);

        var stale = SigV4Verifier.Verify(signed, _ => SuiteSecret, "service", DateTimeOffset.UtcNow);
        Assert.False(stale.Valid);
        Assert.Contains("expired", stale.Message);

        var wrongService = SigV4Verifier.Verify(signed, _ => SuiteSecret, "lambda", null);
        Assert.False(wrongService.Valid);

        var tampered = signed with { Path = "/other" };
        Assert.False(SigV4Verifier.Verify(tampered, _ => SuiteSecret, "service", null).Valid);
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>
    /// Reads a suite .req file: request line, headers (a line starting with whitespace continues the
    /// previous header as a further value, which the suite joins with commas), blank line, body.
    /// </summary>
    internal static SigV4Request ParseRequest(string text)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        var requestLine = lines[0];
        var method = requestLine[..requestLine.IndexOf(' ')];
        var target = requestLine[(method.Length + 1)..requestLine.LastIndexOf(" HTTP/", StringComparison.Ordinal)];
        var query = target.Contains('?') ? target[(target.IndexOf('?') + 1)..] : "";
        var path = target.Contains('?') ? target[..target.IndexOf('?')] : target;
        var headers = new List<KeyValuePair<string, string>>();
        var index = 1;
        for (; index < lines.Length && lines[index].Length > 0; index++)
        {
            var line = lines[index];
            if (char.IsWhiteSpace(line[0]) && headers.Count > 0)
            {
                headers.Add(new(headers[^1].Key, line.Trim()));
                continue;
            }
            var colon = line.IndexOf(':');
            headers.Add(new(line[..colon], line[(colon + 1)..]));
        }
        var body = index < lines.Length ? string.Join('\n', lines[(index + 1)..]) : "";
        // The suite's form-parameters case treats a form-urlencoded body as query parameters over an
        // empty payload (the old query-protocol convention); mirror it so the case means what it says.
        if (body.Length > 0 && headers.Any(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase) &&
                                                 h.Value.StartsWith("application/x-www-form-urlencoded", StringComparison.Ordinal)))
        {
            query = query.Length == 0 ? body : query + "&" + body;
            body = "";
        }
        return new SigV4Request(method, path, query, headers, Encoding.UTF8.GetBytes(body));
    }
}
