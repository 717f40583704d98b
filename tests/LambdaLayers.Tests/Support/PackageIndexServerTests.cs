using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace LambdaLayers.Tests.Support;

public sealed class PackageIndexServerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Serves_a_simple_index_with_hashes_and_the_wheel_bytes()
    {
        using var temp = new TemporaryDirectory();
        var wheels = TestWheels.WriteAll(temp.Combine("wheels"));
        await using var server = await PackageIndexServer.StartAsync(wheels);
        using var http = new HttpClient();

        var root = await http.GetStringAsync(server.Url, Ct);
        Assert.Contains("/simple/fastcalc/", root);
        var page = await http.GetStringAsync(new Uri(server.Url, "fastcalc/"), Ct);
        Assert.Contains("fastcalc-1.0-cp312-cp312-manylinux2014_aarch64.whl#sha256=", page);
        var wheel = Path.Combine(wheels, TestWheels.TinyUtil.FileName);
        Assert.Contains($"#sha256={WheelBuilder.Sha256(wheel)}", await http.GetStringAsync(new Uri(server.Url, "tinyutil/"), Ct));
        var bytes = await http.GetByteArrayAsync(new Uri(server.Url, "/files/" + TestWheels.TinyUtil.FileName), Ct);
        Assert.Equal(File.ReadAllBytes(wheel), bytes);
    }

    [Fact]
    public async Task Basic_auth_rejects_missing_or_wrong_credentials()
    {
        using var temp = new TemporaryDirectory();
        var wheels = TestWheels.WriteAll(temp.Combine("wheels"));
        await using var server = await PackageIndexServer.StartAsync(wheels, "reader", "s3cret");
        using var http = new HttpClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(server.Url, Ct)).StatusCode);
        var wrong = new HttpRequestMessage(HttpMethod.Get, server.Url);
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("reader:nope")));
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(wrong, Ct)).StatusCode);
        var right = new HttpRequestMessage(HttpMethod.Get, server.Url);
        right.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("reader:s3cret")));
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(right, Ct)).StatusCode);
        Assert.Equal(2, server.UnauthorizedCount);
    }

    [Fact]
    public void Wheels_are_reproducible_and_carry_their_tag()
    {
        using var temp = new TemporaryDirectory();
        var a = WheelBuilder.Write(temp.Combine("a"), TestWheels.FastCalcWheels[1]);
        var b = WheelBuilder.Write(temp.Combine("b"), TestWheels.FastCalcWheels[1]);
        Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
        using var zip = System.IO.Compression.ZipFile.OpenRead(a);
        using var reader = new StreamReader(zip.GetEntry("fastcalc-1.0.dist-info/WHEEL")!.Open());
        Assert.Contains("Tag: cp312-cp312-manylinux2014_aarch64", reader.ReadToEnd());
        Assert.NotNull(zip.GetEntry("fastcalc-1.0.dist-info/RECORD"));
    }
}
