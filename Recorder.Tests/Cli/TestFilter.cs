namespace QuantowerRecorder.Tests.Cli;

/// <summary>
/// The part of VSTest's --filter language build.ps1 uses — conditions on FullyQualifiedName and TestCategory with
/// =, !=, ~ and !~, joined by &amp; and |, in parentheses — so that a test can say which tests the script's filter runs.
/// </summary>
internal static class TestFilter
{
    public static Func<string, IReadOnlyList<string>, bool> Parse(string filter)
    {
        var position = 0;
        var result = Or(filter, ref position);
        if (position != filter.Length)
        {
            throw new FormatException($"unexpected '{filter[position]}' at {position} in {filter}");
        }

        return result;
    }

    private static Func<string, IReadOnlyList<string>, bool> Or(string text, ref int position)
    {
        var terms = new List<Func<string, IReadOnlyList<string>, bool>> { And(text, ref position) };
        while (position < text.Length && text[position] == '|')
        {
            position++;
            terms.Add(And(text, ref position));
        }

        return (name, categories) => terms.Any(t => t(name, categories));
    }

    private static Func<string, IReadOnlyList<string>, bool> And(string text, ref int position)
    {
        var factors = new List<Func<string, IReadOnlyList<string>, bool>> { Factor(text, ref position) };
        while (position < text.Length && text[position] == '&')
        {
            position++;
            factors.Add(Factor(text, ref position));
        }

        return (name, categories) => factors.All(f => f(name, categories));
    }

    private static Func<string, IReadOnlyList<string>, bool> Factor(string text, ref int position)
    {
        if (text[position] == '(')
        {
            position++;
            var inner = Or(text, ref position);
            if (position >= text.Length || text[position] != ')')
            {
                throw new FormatException("missing ')' in " + text);
            }

            position++;
            return inner;
        }

        var end = position;
        while (end < text.Length && text[end] is not ('&' or '|' or ')'))
        {
            end++;
        }

        var condition = text[position..end];
        position = end;
        return Condition(condition);
    }

    private static Func<string, IReadOnlyList<string>, bool> Condition(string condition)
    {
        foreach (var op in new[] { "!=", "!~", "=", "~" })
        {
            var at = condition.IndexOf(op, StringComparison.Ordinal);
            if (at <= 0)
            {
                continue;
            }

            var property = condition[..at];
            var value = condition[(at + op.Length)..];
            Func<string, bool> test = op.EndsWith('~')
                ? v => v.Contains(value, StringComparison.OrdinalIgnoreCase)
                : v => v.Equals(value, StringComparison.OrdinalIgnoreCase);
            var negated = op.StartsWith('!');
            return property switch
            {
                "FullyQualifiedName" => (name, _) => test(name) != negated,
                "TestCategory" => (_, categories) => categories.Any(test) != negated,
                _ => throw new FormatException("unknown property " + property),
            };
        }

        throw new FormatException("no operator in " + condition);
    }
}
