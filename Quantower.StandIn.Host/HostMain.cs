using Quantower.StandIn.Host;
using TradingPlatform.BusinessLayer.StandIn;

// Usage: Quantower.StandIn.Host <author|follow|hold> <database file> [bars]
// Laid out as Quantower is: this program in <root>/TradingPlatform/v<version>/bin, custom strategies under
// <root>/Settings/Scripts/Strategies (three levels up, then down), loaded from their bytes. "hold" is an author's run
// that stays open (Quantower running, the recorder's folder in use) until this program's standard input is closed.
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: Quantower.StandIn.Host <author|follow|hold> <database file> [bars]");
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
    "hold" => backtest.PlayAuthor(bars, Hold),
    _ => throw new ArgumentException("unknown scenario " + args[0]),
};

foreach (var error in StandInPlatform.HandlerErrors)
{
    Console.WriteLine("handler error: " + error);
}

Console.WriteLine(ok ? "scenario done" : "scenario incomplete");
return ok ? 0 : 1;

static void Hold()
{
    Console.WriteLine("holding: the run stays open until standard input is closed");
    Console.In.ReadToEnd();
}
