using Quantower.StandIn.Host;
using TradingPlatform.BusinessLayer.StandIn;

// Usage: Quantower.StandIn.Host <author|follow> <database file> [bars]
// Laid out as Quantower is: this program in <root>/TradingPlatform/v<version>/bin, custom strategies under
// <root>/Settings/Scripts/Strategies (three levels up, then down), loaded from their bytes.
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: Quantower.StandIn.Host <author|follow> <database file> [bars]");
    return 2;
}

var root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", ".."));
var strategiesFolder = Path.Combine(root, "Settings", "Scripts", "Strategies");
var entries = StandInScripts.LoadStrategies(strategiesFolder);
foreach (var entry in entries)
{
    Console.WriteLine("entry: " + entry.Key);
}

var bars = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 40;
var backtest = new HostedBacktest(entries, args[1]);
var ok = args[0] switch
{
    "author" => backtest.PlayAuthor(bars),
    "follow" => backtest.PlayFollowed(bars),
    _ => throw new ArgumentException("unknown scenario " + args[0]),
};

foreach (var error in StandInPlatform.HandlerErrors)
{
    Console.WriteLine("handler error: " + error);
}

Console.WriteLine(ok ? "scenario done" : "scenario incomplete");
return ok ? 0 : 1;
