namespace QuantowerRecorder.Cli.Demo;

internal interface IDemoRecorder;
