using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using Dapper;
using Microsoft.Data.Sqlite;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// A connection that must see every statement as an ADO.NET command before it runs (a test's watcher, which fails or
/// observes statements by their text): it is never given a <see cref="StatementCache"/>, and <see cref="CachedSql"/>
/// runs its statements through Dapper as on any connection without one. The hot path's own prepared statements run on the
/// handle and are not seen.
/// </summary>
internal interface ISeesEveryCommand
{
}

/// <summary>
/// The statements a connection's owner keeps prepared for as long as it keeps the connection open (docs/decisions.md,
/// 20): the writer's SQL that runs once a run or a batch (a run's start and end, its definitions, the analysis' store,
/// BEGIN and COMMIT), and on the writer's reading connections what a job's reading runs once (its BEGIN and COMMIT, its
/// snapshot's first reads, the bars' reads), each prepared the first time its text is run (<see cref="CachedSql"/>,
/// <see cref="TakeNamed"/>) and then only bound and stepped, where an ADO.NET command prepares it again every time. The
/// owner attaches it to its connection (<see cref="Attach"/>) and disposes it before closing the connection
/// (<see cref="Detach"/>), so no statement outlives it. On a connection without one (a one-shot `analyze`, the read
/// API's connections, a connection that sees every command), the calls are Dapper's, as before.
/// Used by the connection's one thread at a time, as the connection is.
/// </summary>
internal sealed class StatementCache : IDisposable
{
    private static readonly ConditionalWeakTable<SqliteConnection, StatementCache> Attached = [];
    private readonly SqliteConnection connection;
    private readonly Dictionary<string, Entry> statements = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Entry> named = new(StringComparer.Ordinal);

    private StatementCache(SqliteConnection connection) => this.connection = connection;

    /// <summary>How many statements it holds prepared.</summary>
    public int Count => statements.Count + named.Count;

    /// <summary>
    /// Keeps the statements run on <paramref name="connection"/> prepared until the cache is disposed; null for a
    /// connection that sees every command (<see cref="ISeesEveryCommand"/>).
    /// </summary>
    public static StatementCache? Attach(SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (connection is ISeesEveryCommand)
        {
            return null;
        }

        var cache = new StatementCache(connection);
        if (!Attached.TryAdd(connection, cache))
        {
            throw new InvalidOperationException("the connection already keeps its statements");
        }

        return cache;
    }

    /// <summary>Finalises every statement it holds; the connection's statements are Dapper's again after it.</summary>
    public void Dispose()
    {
        if (Attached.TryGetValue(connection, out var current) && ReferenceEquals(current, this))
        {
            Attached.Remove(connection);
        }

        foreach (var entry in statements.Values.Concat(named.Values))
        {
            entry.Statement.Dispose();
        }

        statements.Clear();
        named.Clear();
    }

    /// <summary>Finalises the statements the connection keeps, if it keeps any (before it is closed).</summary>
    public static void Detach(SqliteConnection connection)
    {
        if (Attached.TryGetValue(connection, out var cache))
        {
            cache.Dispose();
        }
    }

    /// <summary>Whether the connection keeps its statements.</summary>
    internal static bool Keeps(SqliteConnection connection) => Attached.TryGetValue(connection, out _);

    /// <summary>
    /// The statement for <paramref name="sql"/> on <paramref name="connection"/>, bound from <paramref name="args"/> (a
    /// parameter <c>@name</c> takes the property <c>name</c>): kept in the connection's cache, or prepared for this call
    /// alone where there is none or the cached one is still in use (a statement run while another's rows are read).
    /// Dispose the lease when done with its rows.
    /// </summary>
    internal static Lease Take(SqliteConnection connection, string sql, object? args)
    {
        Entry? entry = null;
        if (Attached.TryGetValue(connection, out var cache) && !(cache.statements.TryGetValue(sql, out entry) && entry.InUse))
        {
            if (entry is null)
            {
                entry = new Entry(RawStatement.WithItsParameters(connection, sql));
                cache.statements.Add(sql, entry);
            }

            entry.InUse = true;
        }
        else
        {
            entry = new Entry(RawStatement.WithItsParameters(connection, sql)) { OneOff = true };
        }

        try
        {
            entry.Bind(args);
        }
        catch
        {
            new Lease(entry).Dispose();
            throw;
        }

        return new Lease(entry);
    }

    /// <summary>
    /// The statement for <paramref name="sql"/> with its parameters named <paramref name="names"/> (bound by their
    /// position in it, as <see cref="RawStatement(SqliteConnection, string, string[])"/> binds them), for a writer that
    /// prepares the same text again and again, an analysis' store once a run and a step: kept in the connection's cache,
    /// or prepared for this lease alone where there is none, the kept one is in use or was prepared with other names.
    /// Given back plain: neither fingerprinting its rows nor holding a value bound and not run (<see cref="RawStatement.Released"/>).
    /// </summary>
    internal static Lease TakeNamed(SqliteConnection connection, string sql, string[] names)
    {
        if (Attached.TryGetValue(connection, out var cache))
        {
            if (!cache.named.TryGetValue(sql, out var entry))
            {
                entry = new Entry(new RawStatement(connection, sql, names)) { Names = names };
                cache.named.Add(sql, entry);
                entry.InUse = true;
                return new Lease(entry);
            }

            if (!entry.InUse && entry.Names.AsSpan().SequenceEqual(names))
            {
                entry.InUse = true;
                return new Lease(entry);
            }
        }

        return new Lease(new Entry(new RawStatement(connection, sql, names)) { OneOff = true });
    }

    /// <summary>A statement taken for one call: reset (kept) or finalised (a one-off) when disposed.</summary>
    internal readonly struct Lease(Entry entry) : IDisposable
    {
        public RawStatement Statement => entry.Statement;

        public void Dispose()
        {
            if (entry.OneOff)
            {
                entry.Statement.Dispose();
                return;
            }

            if (entry.Names is null)
            {
                entry.Statement.Reset();
            }
            else
            {
                entry.Statement.Released();
            }

            entry.InUse = false;
        }
    }

    internal sealed class Entry(RawStatement statement)
    {
        // Per type of arguments: each parameter's property, in the statement's order (the last type seen, kept).
        private Type? argsType;
        private Func<object, object?>[] getters = [];

        public RawStatement Statement { get; } = statement;

        public bool InUse { get; set; }

        public bool OneOff { get; init; }

        /// <summary>The names its parameters were prepared with (<see cref="TakeNamed"/>); null for a statement bound by its own.</summary>
        public string[]? Names { get; init; }

        public void Bind(object? args)
        {
            var statement = Statement;
            if (statement.Parameters == 0)
            {
                return;
            }

            ArgumentNullException.ThrowIfNull(args);
            if (args.GetType() != argsType)
            {
                getters = Args.Getters(args.GetType(), statement);
                argsType = args.GetType();
            }

            for (var i = 0; i < getters.Length; i++)
            {
                Args.Bind(statement, i, getters[i](args));
            }
        }
    }

    // Binds values as Microsoft.Data.Sqlite binds what Dapper gives it, for the kinds the recorder's statements use; any
    // other kind is refused rather than stored some other way.
    private static class Args
    {
        private static readonly ConcurrentDictionary<Type, Dictionary<string, PropertyInfo>> Properties = new();

        public static Func<object, object?>[] Getters(Type type, RawStatement statement)
        {
            // By name as written, else (as Dapper) ignoring case.
            var byName = Properties.GetOrAdd(type, t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.GetIndexParameters().Length == 0).ToDictionary(p => p.Name, StringComparer.Ordinal));
            var getters = new Func<object, object?>[statement.Parameters];
            for (var i = 0; i < getters.Length; i++)
            {
                var name = statement.ParameterName(i);
                var property = byName.GetValueOrDefault(name[1..])
                               ?? byName.Values.SingleOrDefault(p => string.Equals(p.Name, name[1..], StringComparison.OrdinalIgnoreCase))
                               ?? throw new ArgumentException($"the statement's parameter {name} has no property {name[1..]} in {type.Name}");
                getters[i] = property.GetValue;
            }

            return getters;
        }

        public static void Bind(RawStatement statement, int parameter, object? value)
        {
            switch (value)
            {
                case null:
                    statement.Text(parameter, null);
                    break;
                case string text:
                    statement.Text(parameter, text);
                    break;
                case double number:
                    statement.Real(parameter, Finite(number, statement, parameter));
                    break;
                case float number:
                    statement.Real(parameter, Finite(number, statement, parameter));
                    break;
                case long number:
                    statement.Integer(parameter, number);
                    break;
                case int number:
                    statement.Integer(parameter, number);
                    break;
                case bool flag:
                    statement.Integer(parameter, flag ? 1 : 0);
                    break;
                case Enum kind:
                    statement.Integer(parameter, Convert.ToInt64(kind, System.Globalization.CultureInfo.InvariantCulture));
                    break;
                default:
                    throw new NotSupportedException(
                        $"the statement's parameter {statement.ParameterName(parameter)} is a {value.GetType().Name}: bind it as text or a number");
            }
        }

        // As ADO.NET's binder: SQLite would store NaN as NULL.
        private static double Finite(double number, RawStatement statement, int parameter) => double.IsNaN(number)
            ? throw new InvalidOperationException($"Cannot store 'NaN' values ({statement.ParameterName(parameter)}).")
            : number;
    }
}
