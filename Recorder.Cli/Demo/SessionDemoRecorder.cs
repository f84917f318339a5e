namespace QuantowerRecorder.Cli.Demo;

internal sealed class SessionDemoRecorder : IDemoRecorder;
