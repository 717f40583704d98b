using System.CommandLine;
using LambdaLayers.Pipeline;
using LambdaLayers.Reporting;
using LambdaLayers.Settings;
using Serilog;

namespace LambdaLayers.Cli;

/// <summary>
/// The lambda-layers command line: <c>build</c>, <c>package</c>, <c>publish</c> (also spelled as the NUKE
/// targets BuildLayer, PackageLayer, PublishLayer), each with the options of the parameter table its stages read,
/// and <c>package-function</c>, <c>publish-function</c> (PackageFunction, PublishFunction) with every option. A stage
/// command runs the stages before it first, as the NUKE targets depend on each other; each stage skips its work when
/// nothing changed.
/// </summary>
public static class CliApplication
{
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr,
        IReadOnlyDictionary<string, string>? environment, ILayerStages? stages, CancellationToken cancellationToken) =>
        RunAsync(args, stdout, stderr, environment, stages, functionStages: null, cancellationToken);

    /// <param name="functionStages">The function stages to run (tests record them); null runs the real ones.</param>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr,
        IReadOnlyDictionary<string, string>? environment, ILayerStages? stages, IFunctionStages? functionStages, CancellationToken cancellationToken)
    {
        var options = LayerParameters.All.ToDictionary(p => p, CreateOption);
        var root = new RootCommand("Builds, packages and publishes AWS Lambda Python layers with pip, Poetry or uv.");
        var exitCode = ExitCodes.Success;
        foreach (var stage in PipelineStage.All)
        {
            var command = new Command(stage.CommandName, stage.Description);
            command.Aliases.Add(stage.TargetName);
            // A command takes the parameters of its stage and the stages before it, nothing it would ignore.
            foreach (var (parameter, option) in options)
            {
                if ((int)parameter.FirstStage <= stage.Order)
                {
                    command.Options.Add(option);
                }
            }
            command.SetAction(async (parse, token) =>
            {
                exitCode = await RunStageAsync(stage, parse, options, stdout, stderr, environment, stages, token);
                return exitCode;
            });
            root.Subcommands.Add(command);
        }
        foreach (var stage in FunctionStage.All)
        {
            var command = new Command(stage.CommandName, stage.Description);
            command.Aliases.Add(stage.TargetName);
            foreach (var option in options.Values)
            {
                command.Options.Add(option);
            }
            command.SetAction(async (parse, token) =>
            {
                exitCode = await RunFunctionStageAsync(stage, parse, options, stdout, stderr, environment, functionStages, token);
                return exitCode;
            });
            root.Subcommands.Add(command);
        }

        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            foreach (var error in parseResult.Errors)
            {
                await stderr.WriteLineAsync($"lambda-layers: {error.Message} (see 'lambda-layers --help')");
            }
            return ExitCodes.Usage;
        }
        var invocation = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
        var result = await parseResult.InvokeAsync(invocation, cancellationToken);
        return result == 0 ? exitCode : result;
    }

    private static async Task<int> RunStageAsync(PipelineStage stage, ParseResult parse, Dictionary<LayerParameter, Option> options,
        TextWriter stdout, TextWriter stderr, IReadOnlyDictionary<string, string>? environment, ILayerStages? stages,
        CancellationToken cancellationToken)
    {
        var json = parse.GetValue((Option<bool>)options[LayerParameters.Json]);
        using var log = new LoggerConfiguration()
            .MinimumLevel.Information()
            .WriteTo.Sink(new ConsoleLogSink(stderr))
            .CreateLogger();
        LayerMatrix matrix;
        try
        {
            // Several runtimes or architectures are a matrix: one pipeline per runtime × architecture.
            matrix = LayerMatrix.Expand(LayerSettingsResolver.Resolve(new SettingsSources
            {
                Explicit = ExplicitValues(parse, options),
                Environment = environment,
            }));
        }
        catch (LayerException e)
        {
            // Anything wrong before a stage runs is in what the user gave: a setting, pyproject.toml or the layout.
            await stderr.WriteLineAsync($"lambda-layers: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A defect, not a user error (those are LayerExceptions): one line, no stack trace, as for the stages.
            log.Error("Unexpected {Type} (a defect in lambda-layers, not in your input): {Message}", e.GetType().Name, e.Message);
            return ExitCodes.Failed;
        }

        var runner = new PipelineRunner(stages ?? new LayerStages(log), log);
        try
        {
            var summary = await runner.RunAsync(stage, matrix, cancellationToken);
            var report = LayerRunCompletion.Complete(summary, environment ?? ProcessEnvironment.Snapshot());
            if (json)
            {
                await stdout.WriteLineAsync(report.ToJson());
            }
            else
            {
                await stdout.WriteAsync(report.ToText());
            }
            return ExitCodes.Success;
        }
        catch (LayerException e)
        {
            log.Error("{Message}", e.Message);
            return ExitCodes.Failed;
        }
        catch (OperationCanceledException)
        {
            log.Error("Cancelled.");
            return ExitCodes.Failed;
        }
        catch (Exception e)
        {
            // A defect, not a user error: still one line, and no stack trace (which could echo paths or values).
            log.Error("Unexpected {Type} (a defect in lambda-layers, not in your input): {Message}", e.GetType().Name, e.Message);
            return ExitCodes.Failed;
        }
    }

    private static async Task<int> RunFunctionStageAsync(FunctionStage stage, ParseResult parse, Dictionary<LayerParameter, Option> options,
        TextWriter stdout, TextWriter stderr, IReadOnlyDictionary<string, string>? environment, IFunctionStages? stages,
        CancellationToken cancellationToken)
    {
        var json = parse.GetValue((Option<bool>)options[LayerParameters.Json]);
        using var log = new LoggerConfiguration()
            .MinimumLevel.Information()
            .WriteTo.Sink(new ConsoleLogSink(stderr))
            .CreateLogger();
        LayerSettings settings;
        try
        {
            settings = LayerSettingsResolver.Resolve(new SettingsSources
            {
                Explicit = ExplicitValues(parse, options),
                Environment = environment,
                // The function is built from the project itself; the lock file counts only with --bundle-dependencies.
                RequireManifest = false,
            });
        }
        catch (LayerException e)
        {
            await stderr.WriteLineAsync($"lambda-layers: {e.Message}");
            return ExitCodes.Usage;
        }

        var run = new FunctionRun(stages ?? new FunctionStages(log), settings, log);
        try
        {
            var summary = await run.RunUpToAsync(stage, cancellationToken);
            var report = FunctionRunCompletion.Complete(summary, environment ?? ProcessEnvironment.Snapshot());
            await (json ? stdout.WriteLineAsync(report.ToJson()) : stdout.WriteAsync(report.ToText()));
            return ExitCodes.Success;
        }
        catch (LayerException e)
        {
            log.Error("{Message}", e.Message);
            return ExitCodes.Failed;
        }
        catch (OperationCanceledException)
        {
            log.Error("Cancelled.");
            return ExitCodes.Failed;
        }
        catch (Exception e)
        {
            log.Error("Unexpected {Type} (a defect in lambda-layers, not in your input): {Message}", e.GetType().Name, e.Message);
            return ExitCodes.Failed;
        }
    }

    // Only options the user actually gave become explicit values; the rest fall through to the
    // environment, .nuke/parameters.json and pyproject.toml.
    private static Dictionary<string, IReadOnlyList<string>> ExplicitValues(ParseResult parse, Dictionary<LayerParameter, Option> options)
    {
        var values = new Dictionary<string, IReadOnlyList<string>>();
        foreach (var (parameter, option) in options)
        {
            if (parameter.FrontEndOnly || parse.GetResult(option) is not { Implicit: false })
            {
                continue;
            }
            values[parameter.Name] = option switch
            {
                Option<string[]> list => parse.GetValue(list) ?? [],
                Option<bool> flag => [parse.GetValue(flag) ? "true" : "false"],
                Option<string> text => [parse.GetValue(text) ?? ""],
                _ => [],
            };
        }
        return values;
    }

    private static Option CreateOption(LayerParameter parameter)
    {
        var name = "--" + parameter.Name;
        var variables = string.Join(", ", parameter.EnvironmentAliases.Prepend(parameter.EnvironmentVariable));
        var accepted = parameter.AcceptedValues.Count == 0 ? "" : $" Accepted: {string.Join(", ", parameter.AcceptedValues)}.";
        var description = $"{parameter.Description}{accepted} Default: {parameter.Default}. Env: {variables}.";
        return parameter.Kind switch
        {
            ParameterKind.List => new Option<string[]>(name) { Description = description, Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = false },
            ParameterKind.Flag => new Option<bool>(name) { Description = description },
            // Text and numbers are validated by the settings resolver, so every source gets the same message.
            _ => new Option<string>(name) { Description = description },
        };
    }
}
