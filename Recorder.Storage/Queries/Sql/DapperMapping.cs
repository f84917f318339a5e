using System.Data;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;
using Dapper;

namespace QuantowerRecorder.Storage.Queries.Sql;

/// <summary>
/// How Dapper maps the stores' rows (docs/decisions.md, 23), set once for the process before any of Storage's code runs:
/// a column matches a property by name, snake_case to PascalCase (<c>order_id</c> to <c>OrderId</c>), and an integer or
/// real is converted from whatever the row holds. SQLite types a value, not a column: an expression's column (a
/// COALESCE, a CASE, a subquery, a view's computed column) can be an INTEGER in one row and a REAL in the next, and Dapper
/// builds its reader from the first row's types, so without these conversions the second row fails to unbox. The
/// conversions are SQLite's own: a real read as an integer is truncated, as sqlite3_column_int64 does. A flag is true when
/// its integer is not 0 (SQLite has no boolean: json_extract gives a JSON true as 1) or its text is "true" (PostgreSQL's
/// <c>-&gt;&gt;</c> gives it as text).
/// </summary>
internal static class DapperMapping
{
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255:The 'ModuleInitializer' attribute should not be used in libraries",
        Justification = "Dapper's settings are process-wide and must be in place before its first reader is built and cached.")]
    internal static void Register()
    {
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        SqlMapper.AddTypeHandler(new StoredInteger());
        SqlMapper.AddTypeHandler(new StoredInt32());
        SqlMapper.AddTypeHandler(new StoredReal());
        SqlMapper.AddTypeHandler(new StoredFlag());
    }

    private sealed class StoredInteger : SqlMapper.TypeHandler<long>
    {
        public override long Parse(object value) => value switch
        {
            long v => v,
            double v => (long)v,
            decimal v => (long)v,
            _ => Convert.ToInt64(value, CultureInfo.InvariantCulture),
        };

        public override void SetValue(IDbDataParameter parameter, long value)
        {
            parameter.DbType = DbType.Int64;
            parameter.Value = value;
        }
    }

    private sealed class StoredInt32 : SqlMapper.TypeHandler<int>
    {
        public override int Parse(object value) => value switch
        {
            int v => v,
            long v => (int)v,
            double v => (int)v,
            decimal v => (int)v,
            _ => Convert.ToInt32(value, CultureInfo.InvariantCulture),
        };

        public override void SetValue(IDbDataParameter parameter, int value)
        {
            parameter.DbType = DbType.Int32;
            parameter.Value = value;
        }
    }

    private sealed class StoredReal : SqlMapper.TypeHandler<double>
    {
        public override double Parse(object value) => value switch
        {
            double v => v,
            long v => v,
            decimal v => (double)v,
            _ => Convert.ToDouble(value, CultureInfo.InvariantCulture),
        };

        public override void SetValue(IDbDataParameter parameter, double value)
        {
            parameter.DbType = DbType.Double;
            parameter.Value = value;
        }
    }

    private sealed class StoredFlag : SqlMapper.TypeHandler<bool>
    {
        public override bool Parse(object value) => value switch
        {
            bool v => v,
            long v => v != 0,
            int v => v != 0,
            string v => v == "true",
            _ => Convert.ToDouble(value, CultureInfo.InvariantCulture) != 0,
        };

        public override void SetValue(IDbDataParameter parameter, bool value)
        {
            parameter.DbType = DbType.Boolean;
            parameter.Value = value;
        }
    }
}
