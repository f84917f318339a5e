using System.Security.AccessControl;
using System.Security.Cryptography;
using System.Security.Principal;
using System.Text;

namespace QuantowerRecorder.Server.Hosting;

/// <summary>
/// The bearer token of one `serve --ingest`: random, new at every start, written next to the database
/// (<c>&lt;db&gt;.token</c>) readable by its owner only, so a local client of the same user can pick it up.
/// </summary>
public sealed class IngestToken
{
    private readonly byte[] expected;

    private IngestToken(string value)
    {
        Value = value;
        expected = Encoding.UTF8.GetBytes("Bearer " + value);
    }

    public string Value { get; }

    public static string PathFor(string databasePath) => databasePath + ".token";

    public static IngestToken Create() => new(Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant());

    /// <summary>Replaces any older token file; owner read/write only (0600 on Unix, the owner's ACE alone on Windows).</summary>
    public void WriteBeside(string databasePath)
    {
        var path = PathFor(databasePath);
        File.Delete(path);
        var bytes = Encoding.ASCII.GetBytes(Value + "\n");
        if (OperatingSystem.IsWindows())
        {
            var security = new FileSecurity();
            security.SetAccessRuleProtection(isProtected: true, preserveInheritance: false);
            security.AddAccessRule(new FileSystemAccessRule(WindowsIdentity.GetCurrent().User!, FileSystemRights.FullControl, AccessControlType.Allow));
            using var stream = new FileInfo(path).Create(FileMode.CreateNew, FileSystemRights.FullControl, FileShare.None, 4096, FileOptions.None, security);
            stream.Write(bytes);
            return;
        }

        using var file = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        });
        file.Write(bytes);
    }

    /// <summary>Whether an Authorization header carries this token; constant time, so its bytes cannot be guessed one by one.</summary>
    public bool Accepts(string? authorization) =>
        authorization is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(authorization.Trim()), expected);
}
