using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Amazon.S3;

namespace LambdaLayers.Tests.Publishing;

/// <summary>
/// The function-code part of the fake (API version 2015-03-31): GetFunctionConfiguration, UpdateFunctionCode from an
/// S3 object (CodeSha256 computed from the bytes fetched from the S3 emulator) and PublishVersion. Like Lambda, an
/// update is applied asynchronously: the configuration says LastUpdateStatus InProgress for the next
/// <see cref="UpdateReadsInProgress"/> reads, and a second update meanwhile is refused with ResourceConflictException.
/// </summary>
public sealed partial class FakeLambdaServer
{
    private readonly Dictionary<string, FakeFunction> functions = [];

    /// <summary>How many GetFunctionConfiguration reads after an update still see it InProgress.</summary>
    public int UpdateReadsInProgress { get; set; } = 1;

    /// <summary>A function's state: its live code and the versions published from it.</summary>
    public sealed class FakeFunction
    {
        public required string Name { get; init; }
        public string CodeSha256 { get; set; } = "";
        public long CodeSize { get; set; }
        public string? S3Bucket { get; set; }
        public string? S3Key { get; set; }
        public string RevisionId { get; set; } = Guid.NewGuid().ToString();
        public int PendingReads { get; set; }
        public List<(string Version, string CodeSha256, string Description)> Versions { get; } = [];
    }

    /// <summary>Creates a function directly (no request) running code with <paramref name="codeSha256"/>.</summary>
    public FakeFunction CreateFunction(string name, string codeSha256 = "bm90IHRoZSBmdW5jdGlvbiB6aXA=")
    {
        lock (gate)
        {
            return functions[name] = new FakeFunction { Name = name, CodeSha256 = codeSha256 };
        }
    }

    public FakeFunction? Function(string name) { lock (gate) return functions.GetValueOrDefault(name); }

    private static string FunctionOperation(string method, string what) => (method, what) switch
    {
        ("GET", "configuration") => "GetFunctionConfiguration",
        ("PUT", "code") => "UpdateFunctionCode",
        ("POST", "versions") => "PublishVersion",
        _ => "Unknown",
    };

    private Answer GetFunctionConfiguration(string name)
    {
        lock (gate)
        {
            if (!functions.TryGetValue(name, out var function)) return FunctionNotFound(name);
            var answer = new Answer(200, DescribeFunction(function, "$LATEST"));
            if (function.PendingReads > 0) function.PendingReads--;
            return answer;
        }
    }

    private async Task<Answer> UpdateFunctionCodeAsync(string name, byte[] body)
    {
        JsonNode input;
        try { input = JsonNode.Parse(body)!; }
        catch (JsonException) { return Error(400, "InvalidRequestContentException", "Could not parse request body into json"); }
        string? bucket = (string?)input["S3Bucket"], key = (string?)input["S3Key"];
        lock (gate)
        {
            if (!functions.TryGetValue(name, out var current)) return FunctionNotFound(name);
            if (current.PendingReads > 0)
                return Error(409, "ResourceConflictException", $"The operation cannot be performed at this time. An update is in progress for resource: {FunctionArn(name)}");
        }
        if (bucket is null || key is null || s3 is null)
        {
            return Error(400, "InvalidParameterValueException", "Please provide a source for the function code (S3Bucket and S3Key).");
        }
        byte[] code;
        try
        {
            using var client = s3();
            using var response = await client.GetObjectAsync(bucket, key);
            using var copy = new MemoryStream();
            await response.ResponseStream.CopyToAsync(copy);
            code = copy.ToArray();
        }
        catch (AmazonS3Exception ex)
        {
            return Error(400, "InvalidParameterValueException", $"Error occurred while GetObject. S3 Error Code: {ex.ErrorCode}. S3 Error Message: {ex.Message}");
        }
        lock (gate)
        {
            var function = functions[name];
            function.CodeSha256 = Convert.ToBase64String(SHA256.HashData(code));
            function.CodeSize = code.Length;
            function.S3Bucket = bucket;
            function.S3Key = key;
            function.RevisionId = Guid.NewGuid().ToString();
            function.PendingReads = UpdateReadsInProgress;
            var answer = DescribeFunction(function, "$LATEST");
            return new Answer(200, answer);
        }
    }

    private Answer PublishFunctionVersion(string name, byte[] body)
    {
        var input = JsonNode.Parse(body)!;
        lock (gate)
        {
            if (!functions.TryGetValue(name, out var function)) return FunctionNotFound(name);
            if (function.PendingReads > 0)
                return Error(409, "ResourceConflictException", "The operation cannot be performed at this time. An update is in progress.");
            if ((string?)input["CodeSha256"] is { } expected && expected != function.CodeSha256)
                return Error(412, "PreconditionFailedException", $"CodeSha256 ({expected}) is different from current CodeSha256 in $LATEST ({function.CodeSha256}). Please try again with current CodeSha256.");
            // Lambda returns the last version when neither code nor configuration changed since.
            if (function.Versions.Count == 0 || function.Versions[^1].CodeSha256 != function.CodeSha256)
            {
                function.Versions.Add(((function.Versions.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), function.CodeSha256, (string?)input["Description"] ?? ""));
            }
            return new Answer(201, DescribeFunction(function, function.Versions[^1].Version));
        }
    }

    private static string FunctionArn(string name) => $"arn:aws:lambda:{Region}:{Account}:function:{name}";

    private static Answer FunctionNotFound(string name) =>
        Error(404, "ResourceNotFoundException", $"Function not found: {FunctionArn(name)}");

    private static JsonObject DescribeFunction(FakeFunction function, string version) => new()
    {
        ["FunctionName"] = function.Name,
        ["FunctionArn"] = version == "$LATEST" ? FunctionArn(function.Name) : $"{FunctionArn(function.Name)}:{version}",
        ["Version"] = version,
        ["CodeSha256"] = version == "$LATEST" ? function.CodeSha256 : function.Versions.First(v => v.Version == version).CodeSha256,
        ["CodeSize"] = function.CodeSize,
        ["State"] = "Active",
        ["LastUpdateStatus"] = function.PendingReads > 0 ? "InProgress" : "Successful",
        ["RevisionId"] = function.RevisionId,
        ["Runtime"] = "python3.11",
    };

    [GeneratedRegex("^/2015-03-31/functions/(?<function>[^/]+)/(?<what>configuration|code|versions)/?$")]
    private static partial Regex FunctionRoute();
}
