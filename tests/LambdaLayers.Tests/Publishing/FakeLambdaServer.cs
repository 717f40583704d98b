using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Amazon.S3;
using LambdaLayers.Publishing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LambdaLayers.Tests.Publishing;

/// <summary>
/// The Lambda layer API on Kestrel (127.0.0.1, a free port) with real state: version numbers grow and
/// are never reused, CodeSha256 is computed from the code actually received (the inline zip, or the S3
/// object fetched from the S3 emulator), every request's SigV4 signature is verified, errors are shaped
/// like AWS's (status, x-amzn-ErrorType, JSON message), faults can be scripted and every request is journaled.
/// </summary>
public sealed partial class FakeLambdaServer : IAsyncDisposable
{
    public const string Account = "123456789012";
    public const string Region = "us-east-1";

    private readonly WebApplication app;
    private readonly Dictionary<string, string> secrets;
    private readonly Func<AmazonS3Client>? s3;
    private readonly object gate = new();
    private readonly Dictionary<string, List<FakeLayerVersion>> layers = [];
    private readonly Dictionary<string, long> lastVersion = [];
    private readonly Queue<FakeLambdaFault> faults = new();
    private readonly List<FakeLambdaJournalEntry> journal = [];

    private FakeLambdaServer(WebApplication app, Dictionary<string, string> secrets, Func<AmazonS3Client>? s3)
    {
        this.app = app;
        this.secrets = secrets;
        this.s3 = s3;
    }

    public Uri Endpoint { get; private set; } = null!;

    /// <summary>The clock that stamps CreatedDate.</summary>
    public DateTimeOffset Now { get; set; } = DateTimeOffset.UtcNow;

    /// <summary>When true, ListLayerVersions returns oldest first (AWS returns newest first; callers must not rely on it).</summary>
    public bool ListOldestFirst { get; set; }

    public IReadOnlyList<FakeLambdaJournalEntry> Journal { get { lock (gate) return [.. journal]; } }

    public int Count(string operation) => Journal.Count(e => e.Operation == operation);

    public IReadOnlyList<FakeLayerVersion> Versions(string layer) { lock (gate) return layers.TryGetValue(layer, out var v) ? [.. v] : []; }

    public void Script(FakeLambdaFault fault) { lock (gate) faults.Enqueue(fault); }

    /// <param name="credentials">Access key → secret key pairs the fake accepts.</param>
    /// <param name="s3">Creates a client for the S3 emulator, to fetch S3-referenced code.</param>
    public static async Task<FakeLambdaServer> StartAsync(IReadOnlyDictionary<string, string> credentials, Func<AmazonS3Client>? s3 = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o =>
        {
            o.Listen(IPAddress.Loopback, 0);
            o.Limits.MaxRequestBodySize = null;
        });
        var app = builder.Build();
        var server = new FakeLambdaServer(app, new Dictionary<string, string>(credentials), s3);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Endpoint = new Uri(address);
        return server;
    }

    /// <summary>Creates a version directly (no request), for tests that need a long history.</summary>
    public FakeLayerVersion Seed(string layer, string description, string codeSha256, DateTimeOffset? created = null)
    {
        lock (gate)
        {
            return AddVersion(layer, description, codeSha256, 1, created ?? Now, [], [], null, null, null);
        }
    }

    private FakeLayerVersion AddVersion(string layer, string description, string codeSha256, long size, DateTimeOffset created,
        IReadOnlyList<string> runtimes, IReadOnlyList<string> architectures, string? license, string? bucket, string? key)
    {
        var number = lastVersion.GetValueOrDefault(layer) + 1;
        lastVersion[layer] = number;
        var version = new FakeLayerVersion
        {
            LayerName = layer, Version = number, Description = description, CodeSha256 = codeSha256, CodeSize = size, CreatedDate = created,
            CompatibleRuntimes = runtimes, CompatibleArchitectures = architectures, LicenseInfo = license, S3Bucket = bucket, S3Key = key,
        };
        if (!layers.TryGetValue(layer, out var list)) layers[layer] = list = [];
        list.Add(version);
        return version;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        var path = request.Path.Value ?? "/";
        var route = Route().Match(path);
        var operation = !route.Success ? "Unknown" : (request.Method, route.Groups["version"].Success, route.Groups["policy"].Success) switch
        {
            ("POST", false, false) => "PublishLayerVersion",
            ("GET", false, false) => "ListLayerVersions",
            ("GET", true, false) => "GetLayerVersion",
            ("DELETE", true, false) => "DeleteLayerVersion",
            ("POST", true, true) => "AddLayerVersionPermission",
            _ => "Unknown",
        };
        var answer = await AnswerAsync(context, operation, route, body);
        lock (gate)
        {
            journal.Add(new FakeLambdaJournalEntry(operation, request.Method, path + request.QueryString.Value, answer.Status, answer.ErrorCode));
        }
        if (answer.Status == 0)
        {
            context.Abort();
            return;
        }
        context.Response.StatusCode = answer.Status;
        context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        if (answer.ErrorCode is not null)
        {
            context.Response.Headers["x-amzn-ErrorType"] = answer.ErrorCode;
        }
        if (answer.RetryAfter is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        if (answer.RawBody is not null)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(answer.RawBody);
        }
        else if (answer.Body is not null)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(answer.Body.ToJsonString());
        }
    }

    private sealed record Answer(int Status, JsonNode? Body, string? ErrorCode = null, int? RetryAfter = null, string? RawBody = null);

    private static Answer Error(int status, string code, string message, int? retryAfter = null) =>
        new(status, new JsonObject { ["Type"] = status >= 500 ? "Service" : "User", ["message"] = message }, code, retryAfter);

    private async Task<Answer> AnswerAsync(HttpContext context, string operation, Match route, byte[] body)
    {
        var signed = new SigV4Request(context.Request.Method, context.Request.Path.Value ?? "/", context.Request.QueryString.Value ?? "",
            [.. context.Request.Headers.SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key, v ?? "")))], body);
        var verification = SigV4Verifier.Verify(signed, key => secrets.GetValueOrDefault(key), "lambda", DateTimeOffset.UtcNow);
        if (!verification.Valid)
        {
            return Error(403, verification.ErrorCode!, verification.Message!);
        }
        if (operation == "Unknown")
        {
            return Error(404, "UnknownOperationException", "Unknown operation");
        }
        FakeLambdaFault? fault = null;
        lock (gate)
        {
            if (faults.TryPeek(out var next) && next.Operation == operation)
            {
                fault = faults.Dequeue();
            }
        }
        if (fault is { AfterAction: false, RawBody: { } raw })
        {
            return new Answer(fault.Status, null, RawBody: raw);
        }
        if (fault is { AfterAction: false })
        {
            return Error(fault.Status, fault.ErrorCode, fault.Message, fault.RetryAfterSeconds);
        }
        var layer = route.Groups["layer"].Value;
        var answer = operation switch
        {
            "PublishLayerVersion" => await PublishAsync(layer, body),
            "ListLayerVersions" => List(layer, context.Request.Query),
            "GetLayerVersion" => Get(layer, long.Parse(route.Groups["version"].Value)),
            "DeleteLayerVersion" => Delete(layer, long.Parse(route.Groups["version"].Value)),
            _ => AddPermission(layer, long.Parse(route.Groups["version"].Value), body),
        };
        return fault switch
        {
            { AfterAction: true, RawBody: { } rawAfter } => new Answer(fault.Status, null, RawBody: rawAfter),
            { AfterAction: true } => Error(fault.Status, fault.ErrorCode, fault.Message),
            _ => answer,
        };
    }

    private async Task<Answer> PublishAsync(string layer, byte[] body)
    {
        JsonNode input;
        try { input = JsonNode.Parse(body)!; }
        catch (JsonException) { return Error(400, "InvalidRequestContentException", "Could not parse request body into json"); }
        var description = (string?)input["Description"] ?? "";
        if (description.Length > 256)
            return Error(400, "ValidationException", "1 validation error detected: Value at 'description' failed to satisfy constraint: Member must have length less than or equal to 256");
        var runtimes = input["CompatibleRuntimes"]?.AsArray().Select(n => (string)n!).ToList() ?? [];
        var architectures = input["CompatibleArchitectures"]?.AsArray().Select(n => (string)n!).ToList() ?? [];
        if (runtimes.Count > 15 || architectures.Count > 2)
            return Error(400, "ValidationException", "1 validation error detected: too many compatible runtimes or architectures");
        var content = input["Content"];
        byte[] code;
        string? bucket = (string?)content?["S3Bucket"], key = (string?)content?["S3Key"];
        if ((string?)content?["ZipFile"] is { } inline)
        {
            code = Convert.FromBase64String(inline);
        }
        else if (bucket is not null && key is not null && s3 is not null)
        {
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
        }
        else
        {
            return Error(400, "InvalidParameterValueException", "Please provide a source for publishing Lambda Layer Version content.");
        }
        lock (gate)
        {
            var version = AddVersion(layer, description, Convert.ToBase64String(SHA256.HashData(code)), code.Length, Now,
                runtimes, architectures, (string?)input["LicenseInfo"], bucket, key);
            return new Answer(201, Describe(version, full: true));
        }
    }

    private Answer List(string layer, IQueryCollection query)
    {
        var max = query.TryGetValue("MaxItems", out var m) ? int.Parse(m!) : 50;
        if (max is < 1 or > 50)
            return Error(400, "ValidationException", "1 validation error detected: Value at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to 50");
        var start = query.TryGetValue("Marker", out var marker) ? int.Parse(marker!) : 0;
        lock (gate)
        {
            var all = layers.TryGetValue(layer, out var list) ? list : [];
            var ordered = ListOldestFirst ? all.OrderBy(v => v.Version).ToList() : all.OrderByDescending(v => v.Version).ToList();
            var page = ordered.Skip(start).Take(max).ToList();
            var result = new JsonObject { ["LayerVersions"] = new JsonArray([.. page.Select(v => Describe(v, full: false))]) };
            if (start + max < ordered.Count)
            {
                result["NextMarker"] = (start + max).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            return new Answer(200, result);
        }
    }

    private Answer Get(string layer, long number)
    {
        lock (gate)
        {
            var version = Find(layer, number);
            return version is null ? NotFound() : new Answer(200, Describe(version, full: true));
        }
    }

    private Answer Delete(string layer, long number)
    {
        lock (gate)
        {
            if (layers.TryGetValue(layer, out var list)) list.RemoveAll(v => v.Version == number);
            return new Answer(204, null);
        }
    }

    private Answer AddPermission(string layer, long number, byte[] body)
    {
        var input = JsonNode.Parse(body)!;
        var sid = (string?)input["StatementId"];
        var principal = (string?)input["Principal"];
        if (sid is null || principal is null || (string?)input["Action"] != "lambda:GetLayerVersion")
            return Error(400, "InvalidParameterValueException", "StatementId, Action (lambda:GetLayerVersion) and Principal are required.");
        if (principal != "*" && !AccountId().IsMatch(principal))
            return Error(400, "InvalidParameterValueException", "The principal must be an account id or *.");
        lock (gate)
        {
            var version = Find(layer, number);
            if (version is null) return NotFound();
            if (version.Statements.ContainsKey(sid))
                return Error(409, "ResourceConflictException", $"The statement id ({sid}) provided already exists. Please provide a new statement id, or remove the existing statement.");
            version.Statements[sid] = (principal, (string?)input["OrganizationId"]);
            return new Answer(201, new JsonObject { ["Statement"] = $"{{\"Sid\":\"{sid}\"}}", ["RevisionId"] = Guid.NewGuid().ToString() });
        }
    }

    private FakeLayerVersion? Find(string layer, long number) =>
        layers.TryGetValue(layer, out var list) ? list.FirstOrDefault(v => v.Version == number) : null;

    private static Answer NotFound() => Error(404, "ResourceNotFoundException", "The resource you requested does not exist.");

    private static JsonObject Describe(FakeLayerVersion v, bool full)
    {
        var layerArn = $"arn:aws:lambda:{Region}:{Account}:layer:{v.LayerName}";
        var node = new JsonObject
        {
            ["LayerVersionArn"] = $"{layerArn}:{v.Version}",
            ["Version"] = v.Version,
            ["Description"] = v.Description,
            ["CreatedDate"] = LambdaLayerClient.FormatDate(v.CreatedDate),
            ["CompatibleRuntimes"] = new JsonArray([.. v.CompatibleRuntimes.Select(r => JsonValue.Create(r))]),
            ["CompatibleArchitectures"] = new JsonArray([.. v.CompatibleArchitectures.Select(a => JsonValue.Create(a))]),
        };
        if (v.LicenseInfo is not null) node["LicenseInfo"] = v.LicenseInfo;
        if (full)
        {
            node["LayerArn"] = layerArn;
            node["Content"] = new JsonObject
            {
                ["Location"] = $"https://awslambda-{Region}-layers.s3.amazonaws.com/snapshots/{Account}/{v.LayerName}",
                ["CodeSha256"] = v.CodeSha256,
                ["CodeSize"] = v.CodeSize,
            };
        }
        return node;
    }

    [GeneratedRegex("^/2018-10-31/layers/(?<layer>[^/]+)/versions(/(?<version>[0-9]+)(?<policy>/policy)?)?/?$")]
    private static partial Regex Route();

    [GeneratedRegex("^[0-9]{12}$")]
    private static partial Regex AccountId();

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
