using QuantowerRecorder.Cli;

return CliApp.Run(args, CliEnvironment.ForProcess());
