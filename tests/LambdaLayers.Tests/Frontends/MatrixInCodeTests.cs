using LambdaLayers.Nuke;
using LambdaLayers.Settings;
using LambdaLayers.Tests.Support;
using Nuke.Common;
using Nuke.Common.Tooling;
using Assert = Xunit.Assert;

namespace LambdaLayers.Tests.Frontends;

/// <summary>
/// The matrix set in a consumer's code, as the README shows it: a real NUKE build class whose <c>ConfigureLayer</c>
/// sets the runtimes and architectures. The components validate what ConfigureLayer returns and pass it to <see cref="LayerMatrix.Expand"/>
/// (<c>LayerRuns</c>); this checks that the documented member compiles against the component and gives the entries it promises.
/// </summary>
public sealed class MatrixInCodeTests
{
    private sealed class EveryArchitectureBuild : NukeBuild, IPublishLayer
    {
        // The README's example, word for word.
        Configure<LayerSettings> IHazLayer.ConfigureLayer => s => s with
        {
            Runtimes = [LambdaRuntimes.Find("python3.12")!, LambdaRuntimes.Find("python3.13")!],
            Architectures = LambdaArchitecture.All,
        };
    }

    [Fact]
    public void A_matrix_set_in_configure_layer_is_every_runtime_times_architecture()
    {
        using var project = new TempProject("[project]\nname = \"svc\"\nrequires-python = \">=3.10\"\n").Write("requirements.txt", "six==1.16.0\n");
        var resolved = LayerSettingsResolver.Resolve(new SettingsSources
        {
            WorkingDirectory = project.Root,
            Environment = new Dictionary<string, string>(),
            Explicit = new Dictionary<string, IReadOnlyList<string>> { ["layer-name"] = ["shared-deps"] },
        });

        // As the components do (LayerRuns): what the code changed is validated, then expanded.
        var matrix = LayerMatrix.Expand(LayerSettingsValidation.ValidateConfigured(resolved, ((IHazLayer)new EveryArchitectureBuild()).ConfigureLayer(resolved)));

        Assert.Equal(["python3.12-x86_64", "python3.12-arm64", "python3.13-x86_64", "python3.13-arm64"], matrix.Entries.Select(e => e.MatrixEntry));
        Assert.Equal(project.Path("build/lambda/layer/python3.13-arm64"), matrix.Entries[3].Layout.BuildDirectory);
        Assert.All(matrix.Entries, e => Assert.Equal("shared-deps", e.LayerName));
    }
}
