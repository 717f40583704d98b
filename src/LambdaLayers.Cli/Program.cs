using LambdaLayers.Cli;

return await CliApplication.RunAsync(args, Console.Out, Console.Error, environment: null, stages: null, CancellationToken.None);
