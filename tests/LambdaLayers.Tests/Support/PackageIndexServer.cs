using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LambdaLayers.Tests.Support;

/// <summary>
/// A PEP 503 "simple" package index over a folder of wheels, served by Kestrel on 127.0.0.1 on a free port,
/// optionally behind HTTP basic auth. <c>/simple/</c> lists projects, <c>/simple/&lt;name&gt;/</c> links each
/// wheel with its <c>#sha256=</c>, and <c>/files/&lt;wheel&gt;</c> serves the bytes. Real pip, Poetry and the
/// uv stand-in install from it; it counts requests so tests can see what a tool asked for.
/// </summary>
public sealed class PackageIndexServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _wheelDirectory;
    private readonly string? _expectedAuthorization;
    private readonly ConcurrentQueue<string> _requests = new();
    private int _unauthorized;

    private PackageIndexServer(WebApplication app, string wheelDirectory, string? username, string? password)
    {
        _app = app;
        _wheelDirectory = wheelDirectory;
        Username = username;
        Password = password;
        _expectedAuthorization = username is null
            ? null
            : "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}"));
    }

    /// <summary>Root of the index, ending in <c>/simple/</c> (no credentials in it).</summary>
    public Uri Url { get; private set; } = null!;

    public string? Username { get; }

    public string? Password { get; }

    /// <summary>When set, every request is answered with this status (a failing index: 500, 503).</summary>
    public int? FailWithStatus { get; set; }

    /// <summary>Paths requested so far, in order (authorized or not).</summary>
    public IReadOnlyList<string> Requests => _requests.ToArray();

    /// <summary>Requests answered with 401 because credentials were missing or wrong.</summary>
    public int UnauthorizedCount => _unauthorized;

    /// <summary>Wheel files downloaded so far.</summary>
    public IReadOnlyList<string> DownloadedFiles =>
        _requests.Where(r => r.StartsWith("/files/", StringComparison.Ordinal)).Select(r => r["/files/".Length..]).ToArray();

    /// <summary>Starts serving every <c>*.whl</c> in <paramref name="wheelDirectory"/> (read on each request).</summary>
    public static async Task<PackageIndexServer> StartAsync(string wheelDirectory, string? username = null, string? password = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new PackageIndexServer(app, wheelDirectory, username, password);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Url = new Uri(address.TrimEnd('/') + "/simple/");
        return server;
    }

    /// <summary>The index URL with <c>user:password@</c> embedded, for tools that only take credentials in the URL.</summary>
    public Uri UrlWithCredentials(string username, string password) =>
        new UriBuilder(Url) { UserName = Uri.EscapeDataString(username), Password = Uri.EscapeDataString(password) }.Uri;

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        _requests.Enqueue(path);
        if (FailWithStatus is { } status)
        {
            context.Response.StatusCode = status;
            return;
        }
        if (_expectedAuthorization is not null &&
            !string.Equals(context.Request.Headers.Authorization.ToString(), _expectedAuthorization, StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _unauthorized);
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"test-index\"";
            return;
        }

        if (path == "/simple" || path == "/simple/")
        {
            var projects = Wheels().Select(w => Normalize(w.Project)).Distinct().Order(StringComparer.Ordinal);
            await WriteHtmlAsync(context, string.Concat(projects.Select(p => $"<a href=\"/simple/{p}/\">{p}</a><br/>\n")));
            return;
        }

        var project = Regex.Match(path, "^/simple/([^/]+)/?$");
        if (project.Success)
        {
            var name = Normalize(project.Groups[1].Value);
            var files = Wheels().Where(w => Normalize(w.Project) == name).ToList();
            if (files.Count == 0)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
            if (!path.EndsWith('/'))
            {
                context.Response.Redirect(path + "/");
                return;
            }
            await WriteHtmlAsync(context, string.Concat(files.Select(f =>
                $"<a href=\"/files/{f.FileName}#sha256={WheelBuilder.Sha256(f.Path)}\">{f.FileName}</a><br/>\n")));
            return;
        }

        var file = Regex.Match(path, "^/files/([^/]+\\.whl)$");
        if (file.Success)
        {
            var wheel = Path.Combine(_wheelDirectory, file.Groups[1].Value);
            if (File.Exists(wheel))
            {
                context.Response.ContentType = "application/octet-stream";
                await context.Response.SendFileAsync(wheel);
                return;
            }
        }
        context.Response.StatusCode = StatusCodes.Status404NotFound;
    }

    private IEnumerable<(string Project, string FileName, string Path)> Wheels() =>
        Directory.EnumerateFiles(_wheelDirectory, "*.whl")
            .Select(p => (Project: Path.GetFileName(p).Split('-')[0], FileName: Path.GetFileName(p), Path: p));

    private static async Task WriteHtmlAsync(HttpContext context, string body)
    {
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync($"<!DOCTYPE html>\n<html><body>\n{body}</body></html>\n");
    }

    /// <summary>PEP 503 name normalisation: lower case, runs of -_. become '-'.</summary>
    public static string Normalize(string name) => Regex.Replace(name, "[-_.]+", "-").ToLowerInvariant();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
