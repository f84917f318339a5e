using System.CommandLine;

namespace QuantowerRecorder.Cli.Infrastructure;

/// <summary>
/// An option that takes one of a few words, in any case. AcceptOnlyFromAmong is case-sensitive, so listing both cases
/// printed every value twice in --help; here each is listed once.
/// </summary>
internal static class Choices
{
    public static Option<string?> Option(string name, string description, params string[] values)
    {
        var option = new Option<string?>(name) { Description = description, HelpName = string.Join("|", values) };
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string?>();
            if (value is not null && !values.Contains(value, StringComparer.OrdinalIgnoreCase))
            {
                result.AddError($"{name} must be one of {string.Join(", ", values)} (any case), not '{value}'.");
            }
        });
        option.CompletionSources.Add(values);
        return option;
    }
}
