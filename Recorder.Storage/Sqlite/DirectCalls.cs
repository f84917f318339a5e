using System.Runtime.InteropServices;
using SQLitePCL;

namespace QuantowerRecorder.Storage.Sqlite;

/// <summary>
/// SQLite's calls that a row's binding and reading make by the dozen, called straight into the native library
/// SQLitePCLRaw loaded (the one a host's resolver gave, <see cref="SqliteBootstrap.UseLoadedLibrary"/>, else the one the
/// runtime finds for the provider's assembly), with the statement's raw pointer: no SafeHandle to count in and out around each call, and for
/// the calls that only set or read a value in the statement (a bind, a column, the change count) no switch of the
/// thread's GC mode either (<c>SuppressGCTransition</c>: they neither block, nor call back, nor run long). A step and a
/// reset, which may read or write the file, keep the switch. <see cref="Table"/> is null where they cannot be had
/// — another provider than e_sqlite3, a library whose version is not the one SQLitePCLRaw reports — and the callers
/// then go through SQLitePCLRaw as before.
/// </summary>
internal static unsafe class DirectCalls
{
    /// <summary>SQLite copies a bound text or blob before the call returns (SQLITE_TRANSIENT).</summary>
    public static readonly IntPtr Transient = new(-1);

    /// <summary>The calls, or null where they are not the provider's own library (the callers use SQLitePCLRaw then).</summary>
    public static readonly Calls? Table = Load();

    internal sealed class Calls
    {
        public delegate* unmanaged[Cdecl, SuppressGCTransition]<IntPtr, int, long, int> BindInt64;
        public delegate* unmanaged[Cdecl, SuppressGCTransition]<IntPtr, int, double, int> BindDouble;
        public delegate* unmanaged[Cdecl, SuppressGCTransition]<IntPtr, int, int> BindNull;
        public delegate* unmanaged[Cdecl, SuppressGCTransition]<IntPtr, int, byte*, int, IntPtr, int> BindText;
        public delegate* unmanaged[Cdecl, SuppressGCTransition]<IntPtr, int, int> ColumnType;
        public delegate* unmanaged[Cdecl, SuppressGCTransition]<IntPtr, int, double> ColumnDouble;
        public delegate* unmanaged[Cdecl, SuppressGCTransition]<IntPtr, int, long> ColumnInt64;
        public delegate* unmanaged[Cdecl, SuppressGCTransition]<IntPtr, int, byte*> ColumnBlob;
        public delegate* unmanaged[Cdecl, SuppressGCTransition]<IntPtr, int, int> ColumnBytes;
        public delegate* unmanaged[Cdecl, SuppressGCTransition]<IntPtr, int> Changes;
        public delegate* unmanaged[Cdecl]<IntPtr, int> Step;
        public delegate* unmanaged[Cdecl]<IntPtr, int> Reset;
    }

    private static Calls? Load()
    {
        try
        {
            SqliteBootstrap.EnsureInitialised();
            // The library a host's resolver loaded (inside Quantower), else the one the runtime finds for the provider's
            // assembly as its own imports do (an app's deps.json, its folder).
            var library = SqliteBootstrap.LoadedLibrary;
            if (!string.Equals(raw.GetNativeLibraryName(), "e_sqlite3", StringComparison.Ordinal)
                || (library == IntPtr.Zero && !NativeLibrary.TryLoad("e_sqlite3", typeof(SQLite3Provider_e_sqlite3).Assembly, null, out library)))
            {
                return null;
            }

            IntPtr Export(string name) => NativeLibrary.GetExport(library, name);
            var version = (delegate* unmanaged[Cdecl]<int>)Export("sqlite3_libversion_number");
            if (version() != raw.sqlite3_libversion_number())
            {
                return null;
            }

            return new Calls
            {
                BindInt64 = (delegate* unmanaged[Cdecl, SuppressGCTransition]<IntPtr, int, long, int>)Export("sqlite3_bind_int64"),
                BindDouble = (delegate* unmanaged[Cdecl, SuppressGCTransition]<IntPtr, int, double, int>)Export("sqlite3_bind_double"),
                BindNull = (delegate* unmanaged[Cdecl, SuppressGCTransition]<IntPtr, int, int>)Export("sqlite3_bind_null"),
                BindText = (delegate* unmanaged[Cdecl, SuppressGCTransition]<IntPtr, int, byte*, int, IntPtr, int>)Export("sqlite3_bind_text"),
                ColumnType = (delegate* unmanaged[Cdecl, SuppressGCTransition]<IntPtr, int, int>)Export("sqlite3_column_type"),
                ColumnDouble = (delegate* unmanaged[Cdecl, SuppressGCTransition]<IntPtr, int, double>)Export("sqlite3_column_double"),
                ColumnInt64 = (delegate* unmanaged[Cdecl, SuppressGCTransition]<IntPtr, int, long>)Export("sqlite3_column_int64"),
                ColumnBlob = (delegate* unmanaged[Cdecl, SuppressGCTransition]<IntPtr, int, byte*>)Export("sqlite3_column_blob"),
                ColumnBytes = (delegate* unmanaged[Cdecl, SuppressGCTransition]<IntPtr, int, int>)Export("sqlite3_column_bytes"),
                Changes = (delegate* unmanaged[Cdecl, SuppressGCTransition]<IntPtr, int>)Export("sqlite3_changes"),
                Step = (delegate* unmanaged[Cdecl]<IntPtr, int>)Export("sqlite3_step"),
                Reset = (delegate* unmanaged[Cdecl]<IntPtr, int>)Export("sqlite3_reset"),
            };
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Whatever the loading threw (a host's resolver included), the statements go through SQLitePCLRaw: never a
            // type that fails to initialise under the writer.
            return null;
        }
    }
}
