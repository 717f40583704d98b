using System.Text;
using LambdaLayers.Planning;

namespace LambdaLayers.Execution.Containers;

/// <summary>
/// Renders a <see cref="BuildPlan"/> made for the container's paths as one POSIX sh script: tools the
/// image lacks are installed first, then each command runs in its own subshell with its cleared prefixes
/// unset and its variables exported. The plan's own last command leaves the packages in
/// <c>artifacts/python</c> (Poetry's plan copies its venv's site-packages itself), so nothing is added.
/// </summary>
public static class ContainerScriptRenderer
{
    /// <summary>
    /// Secrets reach the script on its standard input, one per line, and are held in unexported shell
    /// variables of this prefix plus a number until the step that needs one exports it under its real name.
    /// </summary>
    public const string SecretVariablePrefix = "LAMBDA_LAYERS_SECRET_";

    /// <summary>The script's exit code when its standard input ends before every secret arrived.</summary>
    public const int MissingSecretsExitCode = 97;

    // A secret shorter than this is not looked for in the text: short values (a password "test") occur
    // in ordinary paths and would make every build fail for nothing.
    private const int ShortestCheckedSecret = 6;

    public static ContainerScript Render(BuildPlan plan, ContainerScriptContext context)
    {
        var script = new StringBuilder();
        var carriers = new Dictionary<string, string>(StringComparer.Ordinal); // value -> carrier name
        var secretVariables = new Dictionary<string, string>(StringComparer.Ordinal); // carrier -> value

        script.Append("#!/bin/sh\n");
        script.Append($"# LambdaLayers container build: {SingleLine(plan.Tool.ToString())} plan in {SingleLine(context.Image)}.\n");
        script.Append("# Secrets are not in this file, nor in the container's configuration: they arrive on standard\n")
              .Append("# input, one per line, into unexported ").Append(SecretVariablePrefix)
              .Append("* variables, and each step exports the ones it uses\n# under their real names.\n");
        script.Append("set -eu\n\n");
        script.Append("# Unsets every exported variable whose name starts with $1 (a plan's cleared prefix).\n");
        script.Append("lambda_layers_clear() {\n");
        script.Append("  for lambda_layers_name in $(env | sed -n \"s/^\\($1[A-Za-z0-9_]*\\)=.*/\\1/p\"); do\n");
        script.Append("    unset \"$lambda_layers_name\"\n");
        script.Append("  done\n");
        script.Append("}\n\n");

        foreach (var name in context.CommonEnvironment.Keys)
        {
            RequireVariableName(name);
        }
        // One carrier per distinct secret value, allocated before rendering so every step can unset all.
        foreach (var command in plan.Commands)
        {
            foreach (var (name, value) in command.Environment)
            {
                if (command.SecretNames.Contains(name) && !carriers.ContainsKey(value))
                {
                    var carrier = SecretVariablePrefix + (carriers.Count + 1);
                    carriers[value] = carrier;
                    secretVariables[carrier] = value;
                }
            }
        }
        var unsetCarriers = secretVariables.Count == 0 ? "" : "unset " + string.Join(' ', secretVariables.Keys);
        foreach (var (carrier, value) in secretVariables)
        {
            if (value.Contains('\n') || value.Contains('\r'))
            {
                var name = plan.Commands.SelectMany(c => c.Environment).First(e => e.Value == value).Key;
                throw new LayerException(
                    $"The secret {name} contains a line break, which cannot be handed to the container build (secrets travel one per line). Remove the line break from the value.");
            }
            script.Append($"IFS= read -r {carrier} || {{ echo 'lambda-layers: the secrets did not arrive on standard input' >&2; exit {MissingSecretsExitCode}; }}\n");
        }
        // Nothing after this point reads what is left of the input.
        script.Append("exec </dev/null\n\n");

        var tools = context.Tools.Concat(plan.RequiredTools
                .Where(t => !context.Tools.Any(i => i.Tool == t))
                .Select(t => new ToolInstallation(t, null)))
            .ToList();
        if (tools.Count > 0)
        {
            RenderToolInstallation(script, tools, context, unsetCarriers);
        }

        var step = 0;
        foreach (var command in plan.Commands)
        {
            step++;
            var title = command.Title ?? command.Program;
            Echo(script, $"{ContainerScript.StepMarker}{step}/{plan.Commands.Count}: {title}");
            Echo(script, "+ " + command.Display);
            script.Append("(\n");
            foreach (var prefix in command.ClearedEnvironmentPrefixes)
            {
                if (prefix.Length == 0 || !prefix.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') ||
                    SecretVariablePrefix.StartsWith(prefix, StringComparison.Ordinal))
                {
                    throw new LayerException(
                        $"The build plan step '{title}' clears the environment prefix '{prefix}', which cannot be cleared in a container script (letters, digits and '_' only, and not a prefix of {SecretVariablePrefix}).");
                }
                script.Append($"  lambda_layers_clear {prefix}\n");
            }
            foreach (var (name, value) in context.CommonEnvironment)
            {
                if (!command.Environment.ContainsKey(name))
                {
                    script.Append($"  export {name}={ShellQuote.Quote(value)}\n");
                }
            }
            foreach (var (name, value) in command.Environment)
            {
                RequireVariableName(name);
                if (command.SecretNames.Contains(name))
                {
                    script.Append($"  export {name}=\"${carriers[value]}\"\n");
                }
                else
                {
                    script.Append($"  export {name}={ShellQuote.Quote(value)}\n");
                }
            }
            // The carriers are unset once copied, so the tools see each secret under its real name only.
            if (unsetCarriers.Length > 0)
            {
                script.Append("  ").Append(unsetCarriers).Append('\n');
            }
            var workingDirectory = ShellQuote.Quote(command.WorkingDirectory);
            script.Append($"  mkdir -p {workingDirectory}\n  cd {workingDirectory}\n");
            script.Append("  exec ").Append(string.Join(' ', new[] { command.Program }.Concat(command.Arguments).Select(ShellQuote.Quote))).Append('\n');
            script.Append(")\n\n");
        }

        Echo(script, "lambda-layers: done");

        // Everything written into the script verbatim (quoted) must be free of secret values.
        var written = plan.Commands.SelectMany(c => c.Arguments
                .Append(c.Program).Append(c.WorkingDirectory).Append(c.Title ?? "")
                .Concat(c.Environment.Where(e => !c.SecretNames.Contains(e.Key)).Select(e => e.Value)))
            .Concat(context.CommonEnvironment.Values)
            .ToList();
        foreach (var command in plan.Commands)
        {
            foreach (var name in command.SecretNames)
            {
                if (command.Environment.TryGetValue(name, out var value) && value.Length >= ShortestCheckedSecret &&
                    written.Any(w => w.Contains(value, StringComparison.Ordinal)))
                {
                    throw new LayerException(
                        $"The build plan puts the value of the secret {name} into a command's arguments, working folder or a non-secret variable; it would be written into the container script. Pass it only through the environment.");
                }
            }
        }
        return new ContainerScript(script.ToString(), secretVariables);
    }

    // Each missing tool goes into its own venv under /tmp, isolated from the project's packages, and is
    // linked onto PATH. A venv rather than `pip install --user`: the user site would also be visible to
    // the plan's own pip and could make it think packages are already installed.
    private static void RenderToolInstallation(StringBuilder script, IReadOnlyList<ToolInstallation> tools, ContainerScriptContext context, string unsetCarriers)
    {
        var bin = context.ToolsDirectory.TrimEnd('/') + "/bin";
        script.Append($"PATH={ShellQuote.Quote(bin)}:\"$PATH\"\nexport PATH\n");
        foreach (var tool in tools)
        {
            if (!tool.Tool.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                throw new LayerException($"The build plan requires a tool named '{tool.Tool}', which is not a valid tool name.");
            }
            var venv = $"{context.ToolsDirectory.TrimEnd('/')}/{tool.Tool}-venv";
            var pinned = tool.Version is null ? "the newest version (it is not on the host to pin)" : $"{tool.Requirement} (the host's version)";
            script.Append($"if command -v {tool.Tool} >/dev/null 2>&1; then\n");
            script.Append($"  echo \"lambda-layers: using {tool.Tool} from the image: $(command -v {tool.Tool})\"\n");
            script.Append("else\n");
            script.Append($"  printf '%s\\n' {ShellQuote.Quote($"lambda-layers: {tool.Tool} is not in the image; installing {pinned} into {venv}")}\n");
            script.Append($"  {ShellQuote.Quote(context.PythonCommand)} -m venv {ShellQuote.Quote(venv)}\n");
            script.Append("  (\n");
            if (unsetCarriers.Length > 0)
            {
                script.Append("    ").Append(unsetCarriers).Append('\n');
            }
            foreach (var (name, value) in context.CommonEnvironment)
            {
                script.Append($"    export {name}={ShellQuote.Quote(value)}\n");
            }
            script.Append($"    {ShellQuote.Quote(venv + "/bin/python")} -m pip install --quiet --no-input --disable-pip-version-check {ShellQuote.Quote(tool.Requirement)}\n");
            script.Append("  )\n");
            script.Append($"  mkdir -p {ShellQuote.Quote(bin)}\n");
            script.Append($"  ln -sf {ShellQuote.Quote($"{venv}/bin/{tool.Tool}")} {ShellQuote.Quote($"{bin}/{tool.Tool}")}\n");
            script.Append($"  {tool.Tool} --version\n");
            script.Append("fi\n");
        }
        script.Append('\n');
    }

    private static void Echo(StringBuilder script, string line) =>
        script.Append("printf '%s\\n' ").Append(ShellQuote.Quote(SingleLine(line))).Append('\n');

    private static string SingleLine(string text) => text.Replace('\n', ' ').Replace('\r', ' ');

    private static void RequireVariableName(string name)
    {
        if (!ShellQuote.IsVariableName(name))
        {
            throw new LayerException($"The build plan sets an environment variable named '{SingleLine(name)}', which is not a valid variable name.");
        }
    }
}
