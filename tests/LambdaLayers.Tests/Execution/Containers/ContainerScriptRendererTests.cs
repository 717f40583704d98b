using System.Diagnostics;
using LambdaLayers.Execution.Containers;
using LambdaLayers.Planning;
using LambdaLayers.Settings;
using LambdaLayers.Tests.Support;

namespace LambdaLayers.Tests.Execution.Containers;

/// <summary>
/// The rendered script is checked as text and also run for real with the host's /bin/sh (the same POSIX
/// shell language the image runs), so quoting, cleared prefixes and secrets are proven by behaviour.
/// </summary>
public sealed class ContainerScriptRendererTests
{
    private const string Secret = "pa$$ w'rd\"`x`-9f3c";

    [Fact]
    public async Task Arguments_with_shell_metacharacters_reach_the_program_unchanged()
    {
        using var temp = new TemporaryDirectory();
        string[] tricky = ["plain", "two words", "it's", "$HOME", "`id`", "a\"b", "semi;colon", "new\nline", "", "*", "back\\slash", "-n"];
        var plan = Plan(new PlanCommand("printf", ["<%s>\\n", .. tricky], temp.Path));

        var (exitCode, output) = await RunOnHostAsync(ContainerScriptRenderer.Render(plan, new ContainerScriptContext()), temp.Path);

        Assert.Equal(0, exitCode);
        var expected = string.Concat(tricky.Select(t => $"<{t}>\n"));
        Assert.Contains(expected, output);
    }

    [Fact]
    public async Task Secrets_are_referenced_by_carrier_name_and_reach_the_command_under_their_own_name()
    {
        using var temp = new TemporaryDirectory();
        var command = new PlanCommand("sh", ["-c", "printf 'index=%s\\n' \"$PIP_INDEX_URL\"; printf 'carrier=%s\\n' \"${LAMBDA_LAYERS_SECRET_1:-unset}\""], temp.Path)
        {
            Environment = new Dictionary<string, string> { ["PIP_INDEX_URL"] = Secret, ["PIP_NO_INPUT"] = "1" },
            SecretNames = new HashSet<string> { "PIP_INDEX_URL" },
            ClearedEnvironmentPrefixes = ["PIP_"],
        };
        var script = ContainerScriptRenderer.Render(Plan(command), new ContainerScriptContext());

        Assert.DoesNotContain(Secret, script.Text);
        Assert.Contains("export PIP_INDEX_URL=\"$LAMBDA_LAYERS_SECRET_1\"", script.Text);
        Assert.Equal(Secret, Assert.Single(script.SecretVariables).Value);

        var (exitCode, output) = await RunOnHostAsync(script, temp.Path);
        Assert.Equal(0, exitCode);
        Assert.Contains($"index={Secret}\n", output);
        Assert.Contains("carrier=unset\n", output); // carriers are unset before the tool runs
    }

    [Fact]
    public async Task Secrets_arrive_on_standard_input_and_a_script_without_them_stops_before_any_step()
    {
        using var temp = new TemporaryDirectory();
        var command = new PlanCommand("touch", [temp.Combine("ran")], temp.Path)
        {
            Environment = new Dictionary<string, string> { ["PIP_INDEX_URL"] = Secret, ["UV_INDEX_CORP_PASSWORD"] = "second-secret" },
            SecretNames = new HashSet<string> { "PIP_INDEX_URL", "UV_INDEX_CORP_PASSWORD" },
        };
        var script = ContainerScriptRenderer.Render(Plan(command), new ContainerScriptContext());

        Assert.Equal($"{Secret}\nsecond-secret\n", script.StandardInput);
        Assert.Contains("IFS= read -r LAMBDA_LAYERS_SECRET_1 ||", script.Text);
        var (exitCode, output) = await RunOnHostAsync(script, temp.Path, standardInput: Secret + "\n");
        Assert.Equal(ContainerScriptRenderer.MissingSecretsExitCode, exitCode);
        Assert.Contains("the secrets did not arrive on standard input", output);
        Assert.False(File.Exists(temp.Combine("ran")));
        Assert.Null(ContainerScriptRenderer.Render(Plan(new PlanCommand("true", [], temp.Path)), new ContainerScriptContext()).StandardInput);
    }

    [Fact]
    public void A_secret_with_a_line_break_is_refused_by_name()
    {
        var command = new PlanCommand("pip", ["install"], "/var/task")
        {
            Environment = new Dictionary<string, string> { ["PIP_INDEX_URL"] = "https://u:two\nlines@example.com/simple" },
            SecretNames = new HashSet<string> { "PIP_INDEX_URL" },
        };
        var error = Assert.Throws<LayerException>(() => ContainerScriptRenderer.Render(Plan(command), new ContainerScriptContext()));
        Assert.Contains("PIP_INDEX_URL contains a line break", error.Message);
        Assert.DoesNotContain("lines@", error.Message);
    }

    [Fact]
    public async Task Cleared_prefixes_are_unset_and_common_variables_set_after_clearing()
    {
        using var temp = new TemporaryDirectory();
        var command = new PlanCommand("env", [], temp.Path)
        {
            Environment = new Dictionary<string, string> { ["PIP_NO_INPUT"] = "1" },
            ClearedEnvironmentPrefixes = ["PIP_"],
        };
        var context = new ContainerScriptContext
        {
            CommonEnvironment = new Dictionary<string, string> { ["PIP_BREAK_SYSTEM_PACKAGES"] = "1", ["PIP_CACHE_DIR"] = "/tmp/cache/pip" },
        };

        var (exitCode, output) = await RunOnHostAsync(ContainerScriptRenderer.Render(Plan(command), context), temp.Path,
            new Dictionary<string, string> { ["PIP_FIND_LINKS"] = "/opt/wheels", ["PIP_INDEX_URL"] = "http://elsewhere/" });

        Assert.Equal(0, exitCode);
        var lines = output.Split('\n');
        Assert.DoesNotContain(lines, l => l.StartsWith("PIP_FIND_LINKS=") || l.StartsWith("PIP_INDEX_URL="));
        Assert.Contains("PIP_BREAK_SYSTEM_PACKAGES=1", lines);
        Assert.Contains("PIP_CACHE_DIR=/tmp/cache/pip", lines);
        Assert.Contains("PIP_NO_INPUT=1", lines);
    }

    [Fact]
    public async Task A_failing_command_stops_the_script_with_its_exit_code_after_announcing_its_step()
    {
        using var temp = new TemporaryDirectory();
        var plan = Plan(
            new PlanCommand("sh", ["-c", "exit 7"], temp.Path) { Title = "the failing one" },
            new PlanCommand("touch", [temp.Combine("never")], temp.Path));

        var (exitCode, output) = await RunOnHostAsync(ContainerScriptRenderer.Render(plan, new ContainerScriptContext()), temp.Path);

        Assert.Equal(7, exitCode);
        Assert.Contains($"{ContainerScript.StepMarker}1/2: the failing one", output);
        Assert.False(File.Exists(temp.Combine("never")));
    }

    [Fact]
    public void A_secret_in_the_arguments_is_refused_rather_than_written_into_the_script()
    {
        var command = new PlanCommand("pip", ["install", "--index-url", $"https://u:{Secret}@example.com/simple"], "/var/task")
        {
            Environment = new Dictionary<string, string> { ["PIP_INDEX_URL"] = Secret },
            SecretNames = new HashSet<string> { "PIP_INDEX_URL" },
        };
        var error = Assert.Throws<LayerException>(() => ContainerScriptRenderer.Render(Plan(command), new ContainerScriptContext()));
        Assert.Contains("PIP_INDEX_URL", error.Message);
        Assert.DoesNotContain(Secret, error.Message);
    }

    [Fact]
    public void A_missing_tool_is_installed_pinned_to_the_host_version_in_its_own_venv()
    {
        var plan = Plan(new PlanCommand("poetry", ["install"], "/var/task")) with { RequiredTools = ["poetry"] };
        var text = ContainerScriptRenderer.Render(plan, new ContainerScriptContext { Tools = [new ToolInstallation("poetry", "1.3.2")] }).Text;

        Assert.Contains("if command -v poetry >/dev/null 2>&1; then", text);
        Assert.Contains("python3 -m venv /tmp/lambda-layers-tools/poetry-venv", text);
        Assert.Contains("/tmp/lambda-layers-tools/poetry-venv/bin/python -m pip install --quiet --no-input --disable-pip-version-check poetry==1.3.2", text);
        Assert.Contains("PATH=/tmp/lambda-layers-tools/bin:\"$PATH\"", text);
        Assert.Contains("installing poetry==1.3.2 (the host", text);
    }

    /// <summary>
    /// The install branch runs for real with a stand-in interpreter (the offline image has Debian's Poetry,
    /// so the container tests take the other branch): it must create the venv, install the pinned
    /// requirement with the venv's pip, link the tool onto PATH and then run the plan with it.
    /// </summary>
    [Fact]
    public async Task The_install_branch_creates_a_venv_installs_the_pin_and_puts_the_tool_on_path()
    {
        using var temp = new TemporaryDirectory();
        var log = temp.Combine("pip-args.txt");
        var fakePython = temp.Combine("fake-python");
        // `fake-python -m venv DIR` makes DIR/bin/python, which records its pip arguments and writes DIR/bin/faketool.
        await File.WriteAllTextAsync(fakePython, $$"""
            #!/bin/sh
            venv="$3"; mkdir -p "$venv/bin"
            cat > "$venv/bin/python" <<'PY'
            #!/bin/sh
            printf '%s\n' "$@" > '{{log}}'
            printf '#!/bin/sh\necho faketool-ran "$@"\n' > "$(dirname "$0")/faketool"; chmod +x "$(dirname "$0")/faketool"
            PY
            chmod +x "$venv/bin/python"
            """.Replace("\r", ""), Ct);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(fakePython, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var plan = Plan(new PlanCommand("faketool", ["install", "--no-root"], temp.Path)) with { RequiredTools = ["faketool"] };
        var context = new ContainerScriptContext
        {
            Tools = [new ToolInstallation("faketool", "9.8.7")],
            PythonCommand = fakePython,
            ToolsDirectory = temp.Combine("tools"),
        };

        var (exitCode, output) = await RunOnHostAsync(ContainerScriptRenderer.Render(plan, context), temp.Path);

        Assert.Equal(0, exitCode);
        Assert.Contains("faketool is not in the image; installing faketool==9.8.7 (the host's version)", output);
        Assert.Contains("faketool-ran install --no-root", output);
        Assert.Equal(["-m", "pip", "install", "--quiet", "--no-input", "--disable-pip-version-check", "faketool==9.8.7"],
            (await File.ReadAllLinesAsync(log, Ct)));
    }

    [Fact]
    public async Task A_tool_the_image_has_is_used_as_is()
    {
        using var temp = new TemporaryDirectory();
        var plan = Plan(new PlanCommand("sh", ["-c", "true"], temp.Path)) with { RequiredTools = ["sh"] };
        var (exitCode, output) = await RunOnHostAsync(
            ContainerScriptRenderer.Render(plan, new ContainerScriptContext { Tools = [new ToolInstallation("sh", "1.0")] }), temp.Path);
        Assert.Equal(0, exitCode);
        Assert.Contains("lambda-layers: using sh from the image:", output);
        Assert.DoesNotContain("installing", output);
    }

    [Theory]
    [InlineData("Poetry (version 1.3.2)", "1.3.2")]
    [InlineData("Poetry (version 2.0.0b1)", "2.0.0b1")]
    [InlineData("uv 0.8.3 (7e78f54e7 2025-07-24)", "0.8.3")]
    [InlineData("no version here", null)]
    public void Host_tool_versions_are_read_from_version_output(string output, string? expected) =>
        Assert.Equal(expected, LambdaLayers.Execution.ToolProbe.ParseVersion(output));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal static BuildPlan Plan(params PlanCommand[] commands) =>
        new(ToolKind.Pip, [], commands) { OutputDirectory = "/var/task/build/lambda/layer/artifacts/python" };

    /// <summary>
    /// Runs the script with /bin/sh on the host, giving it the given variables and, on standard input, what
    /// the executor would give it (its secrets) unless <paramref name="standardInput"/> says otherwise.
    /// </summary>
    private static async Task<(int ExitCode, string Output)> RunOnHostAsync(ContainerScript script, string directory,
        IReadOnlyDictionary<string, string>? environment = null, string? standardInput = null)
    {
        var path = Path.Combine(directory, "script.sh");
        await File.WriteAllTextAsync(path, script.Text, Ct);
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
        };
        start.ArgumentList.Add(path);
        foreach (var name in start.Environment.Keys.Where(n => n.StartsWith("PIP_")).ToList())
        {
            start.Environment.Remove(name);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var error = process.StandardError.ReadToEndAsync(Ct);
        await process.StandardInput.WriteAsync(standardInput ?? script.StandardInput ?? "");
        process.StandardInput.Close();
        await process.WaitForExitAsync(Ct);
        return (process.ExitCode, await output + await error);
    }
}
