using NUnit.Framework;

namespace QuantowerRecorder.Tests.Support;

/// <summary><see cref="IdNames"/> gives what replacing every id in turn gives, ids inside ids and short ids included.</summary>
[TestFixture]
public sealed class IdNamesTests
{
    [Test]
    public void Replacing_the_ids_found_gives_what_replacing_every_id_in_turn_gives()
    {
        var random = new Random(20260105);
        string Id(int length) => new([.. Enumerable.Range(0, length).Select(_ => "0123456789abcdef-"[random.Next(17)])]);
        for (var round = 0; round < 200; round++)
        {
            var names = new Dictionary<string, string>(StringComparer.Ordinal);
            var ids = Enumerable.Range(0, 30).Select(_ => Id(random.Next(1, 40))).ToList();
            // Ids that hold others, start like others, or end like others.
            ids.Add(ids[0] + ids[1]);
            ids.Add(ids[2] + "-x" + ids[3]);
            ids.Add(ids[4][..Math.Max(1, ids[4].Length / 2)]);
            foreach (var id in ids)
            {
                // Names of letters no id has: "<run gh>".
                names[id] = "<run " + string.Concat(names.Count.ToString(System.Globalization.CultureInfo.InvariantCulture).Select(d => (char)('g' + d - '0'))) + ">";
            }

            var idNames = new IdNames(names);
            for (var text = 0; text < 20; text++)
            {
                var parts = Enumerable.Range(0, random.Next(0, 8))
                    .Select(_ => random.Next(3) switch { 0 => ids[random.Next(ids.Count)], 1 => Id(random.Next(0, 12)), _ => "|name=" });
                var line = string.Concat(parts);
                var inTurn = names.Aggregate(line, (t, n) => t.Replace(n.Key, n.Value, StringComparison.Ordinal));
                Assert.That(idNames.Replace(line), Is.EqualTo(inTurn), line);
            }
        }
    }

    [Test]
    public void A_name_that_could_make_a_new_id_is_refused()
    {
        Assert.That(() => new IdNames([new("019b-1", "<a>"), new("019b-2", "019b-1>")]), Throws.ArgumentException);
        Assert.That(() => new IdNames([new("019b-1", "<a>"), new("019b-2", "<019b-1>")]), Throws.ArgumentException);
        Assert.That(() => new IdNames([new("019b-1", "<a>"), new("019b-2", "<a")]), Throws.Nothing);
    }
}
