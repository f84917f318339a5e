using System.Net;
using Microsoft.AspNetCore.Http;

namespace QuantowerRecorder.Server.Hosting;

/// <summary>
/// On loopback, only requests addressed to a loopback name are answered: a web page on another site that rebinds its
/// own DNS name to 127.0.0.1 sends its own Host header, and gets 421 instead of the file's runs.
/// </summary>
internal static class LoopbackHosts
{
    public static bool Allows(HttpRequest request, IPAddress listening)
    {
        if (!IPAddress.IsLoopback(listening))
        {
            return true;
        }

        var host = request.Host.Host;
        return string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
               || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
    }
}
