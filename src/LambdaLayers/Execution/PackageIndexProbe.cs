using System.Net;
using System.Net.Http.Headers;
using System.Text;
using LambdaLayers.Settings;

namespace LambdaLayers.Execution;

/// <summary>
/// Asks a private index directly why a tool found nothing. pip at normal verbosity reports a refused
/// login or an unreachable host only as "from versions: none / No matching distribution found", so after
/// such a failure the executor requests the project's page itself (with the same credentials, in a header,
/// never logged): 401/403 means the credentials were refused, 5xx that the index itself is failing, no connection
/// means the index is unreachable.
/// </summary>
public static class PackageIndexProbe
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler { AllowAutoRedirect = true })
    {
        Timeout = TimeSpan.FromSeconds(15),
    };

    /// <summary>The failure the index itself shows, or null when it answers normally.</summary>
    public static async Task<BuildFailureKind?> DiagnoseAsync(PackageIndex index, string? project, CancellationToken cancellationToken)
    {
        var url = new Uri(index.Url.ToString().TrimEnd('/') + "/" + (project is null ? "" : Normalize(project) + "/"));
        using var request = new HttpRequestMessage(HttpMethod.Get, new UriBuilder(url) { UserName = "", Password = "" }.Uri);
        if (index.HasCredentials)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{index.Username}:{index.Password}")));
        }
        try
        {
            using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            return response.StatusCode switch
            {
                HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => BuildFailureKind.IndexAuthentication,
                >= HttpStatusCode.InternalServerError => BuildFailureKind.IndexServerError,
                _ => null,
            };
        }
        catch (HttpRequestException)
        {
            return BuildFailureKind.IndexUnreachable;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return BuildFailureKind.IndexUnreachable;
        }
    }

    private static string Normalize(string name) =>
        System.Text.RegularExpressions.Regex.Replace(name.Split("==")[0].Trim(), "[-_.]+", "-").ToLowerInvariant();
}
