using LambdaLayers.Settings;

namespace LambdaLayers.Tests.Settings;

public sealed class LambdaRuntimeTests
{
    [Fact]
    public void Amazon_Linux_2_runtimes_list_manylinux_tags_up_to_glibc_2_26()
    {
        var tags = LambdaRuntimes.Find("python3.11")!.ManylinuxTags(LambdaArchitecture.X86_64);

        Assert.Equal("manylinux_2_26_x86_64", tags[0]);
        Assert.Contains("manylinux2014_x86_64", tags);
        Assert.Contains("manylinux2010_x86_64", tags);
        Assert.Contains("manylinux1_x86_64", tags);
        Assert.DoesNotContain("manylinux_2_27_x86_64", tags);
    }

    [Fact]
    public void Arm64_tags_start_at_manylinux2014_and_use_aarch64()
    {
        var tags = LambdaRuntimes.Find("python3.12")!.ManylinuxTags(LambdaArchitecture.Arm64);

        Assert.Equal("manylinux_2_34_aarch64", tags[0]);
        Assert.Equal("manylinux2014_aarch64", tags[^1]);
        Assert.All(tags, t => Assert.EndsWith("_aarch64", t));
    }

    [Theory]
    [InlineData("python3.10", "x86_64", "x86_64-manylinux2014")]
    [InlineData("python3.11", "arm64", "aarch64-manylinux2014")]
    [InlineData("python3.12", "x86_64", "x86_64-manylinux_2_34")]
    [InlineData("python3.14", "arm64", "aarch64-manylinux_2_34")]
    public void Uv_targets_name_the_runtimes_glibc_level(string runtime, string architecture, string expected)
    {
        var target = LambdaRuntimes.Find(runtime)!.UvPythonPlatform(LambdaArchitecture.Find(architecture)!);

        Assert.Equal(expected, target);
    }

    [Fact]
    public void Sam_build_image_follows_the_runtime_and_architecture()
    {
        Assert.Equal("public.ecr.aws/sam/build-python3.13:latest-arm64",
            LambdaRuntimes.Find("python3.13")!.SamBuildImage(LambdaArchitecture.Arm64));
    }
}
