using System.Reflection;
using LambdaLayers.Nuke;
using LambdaLayers.Pipeline;
using LambdaLayers.Settings;
using LambdaLayers.Tests.Support;
using Nuke.Common;
using Nuke.Common.IO;
using Nuke.Common.Tooling;

namespace LambdaLayers.Tests.Frontends;

public sealed class NukeComponentTests
{
    private sealed class ConsumerBuild : NukeBuild, IPublishLayer
    {
        public RecordingStages Recorder { get; } = new();

        ILayerStages IHazLayer.LayerStages => Recorder;
    }

    private sealed class ConfiguredBuild : NukeBuild, IPublishLayer
    {
        public RecordingStages Recorder { get; } = new();

        ILayerStages IHazLayer.LayerStages => Recorder;

        Configure<LayerSettings> IHazLayer.ConfigureLayer => settings => settings with { Bucket = "configured-in-code" };
    }

    private static TempProject NewProject() =>
        new TempProject("[project]\nname = \"billing\"\nrequires-python = \">=3.11\"\n").Write("requirements.txt", "six==1.16.0\n");

    [Fact]
    public void Targets_depend_on_each_other_in_pipeline_order()
    {
        var build = new ConsumerBuild();

        Assert.Equal(["BuildLayer", "PackageLayer", "PublishLayer"], build.PlanFor(["PublishLayer"]).Select(t => t.Name));
        Assert.Equal(["BuildLayer", "PackageLayer"], build.PlanFor(["PackageLayer"]).Select(t => t.Name));
        Assert.Empty(build.Targets.Single(t => t.Name == "BuildLayer").DependsOn);
        Assert.All(build.Targets, t => Assert.False(string.IsNullOrEmpty(t.Description)));
    }

    [Fact]
    public void Every_parameter_of_the_table_is_a_nuke_parameter_of_the_same_name()
    {
        var nukeParameters = typeof(IHazLayer).GetProperties()
            .Where(p => p.GetCustomAttribute<ParameterAttribute>() is not null)
            .ToDictionary(p => p.Name);

        var expected = LayerParameters.All.Where(p => !p.FrontEndOnly).Select(p => p.MemberName).Order();
        Assert.Equal(expected, nukeParameters.Keys.Order());
        Assert.NotNull(nukeParameters["IndexPassword"].GetCustomAttribute<SecretAttribute>());
        Assert.All(nukeParameters.Values.Where(p => p.Name != "IndexPassword"), p => Assert.Null(p.GetCustomAttribute<SecretAttribute>()));
        foreach (var parameter in LayerParameters.All.Where(p => !p.FrontEndOnly))
        {
            var type = nukeParameters[parameter.MemberName].PropertyType;
            var expectedType = parameter.Kind switch
            {
                ParameterKind.List => typeof(string[]),
                ParameterKind.Flag => typeof(bool?),
                ParameterKind.Number => typeof(int?),
                _ => typeof(string),
            };
            Assert.True(type == expectedType, $"{parameter.MemberName} is {type.Name}, expected {expectedType.Name}");
        }
    }

    [Fact]
    public void Each_target_calls_its_stage_with_the_bound_values()
    {
        using var project = NewProject();
        var build = new ConsumerBuild { RootDirectory = AbsolutePath.Create(project.Root) };

        var exitCode = build.Run(
            ["PublishLayer", "--tool", "pip", "--runtime", "python3.12", "--exclude", "numpy", "pandas", "--retain", "3", "--no-default-excludes"],
            new Dictionary<string, string> { ["ARCHITECTURE"] = "arm64", ["INDEX_URL"] = "https://pkgs.example.com/simple/", ["INDEX_PASSWORD"] = "from-env" });

        Assert.True(exitCode == 0, build.LastFailure?.ToString());
        Assert.Equal(["build", "package", "publish"], build.Recorder.Calls.Select(c => c.Stage));
        var settings = build.Recorder.Calls[^1].Settings;
        Assert.All(build.Recorder.Calls, call => Assert.Same(settings, call.Settings));
        Assert.Equal(ToolKind.Pip, settings.Tool);
        Assert.Equal("python3.12", settings.Runtime.Name);
        Assert.Equal(LambdaArchitecture.Arm64, settings.Architecture);
        Assert.Equal(["numpy", "pandas"], settings.Excludes);
        Assert.Equal(3, settings.Retain!.KeepNewest);
        Assert.Equal("billing", settings.LayerName);
        Assert.Equal(project.Root, settings.ProjectDirectory);
        Assert.Equal("from-env", settings.Index!.Password);
    }

    [Fact]
    public void Parameters_bind_from_nuke_parameters_json_and_settings_can_be_configured_in_code()
    {
        using var project = NewProject();
        project.Write(".nuke/parameters.json", """{ "Mode": "cross-platform", "LayerName": "shared-deps" }""");
        var build = new ConfiguredBuild { RootDirectory = AbsolutePath.Create(project.Root) };

        Assert.Equal(0, build.Run(["BuildLayer"], new Dictionary<string, string>()));

        var (stage, settings) = Assert.Single(build.Recorder.Calls);
        Assert.Equal("build", stage);
        Assert.Equal(BuildMode.CrossPlatform, settings.Mode);
        Assert.Equal("shared-deps", settings.LayerName);
        Assert.Equal("configured-in-code", settings.Bucket);
    }

    [Fact]
    public void A_bad_parameter_fails_the_target_before_any_stage_runs()
    {
        using var project = NewProject();
        var build = new ConsumerBuild { RootDirectory = AbsolutePath.Create(project.Root) };

        Assert.Equal(1, build.Run(["PackageLayer", "--tool", "pipx"], new Dictionary<string, string>()));
        Assert.Empty(build.Recorder.Calls);
    }
}
