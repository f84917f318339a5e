namespace TradingPlatform.BusinessLayer;

public class LoggerEvent
{
    public LoggingLevel Type { get; set; }

    public DateTime Date { get; set; }

    public string Event { get; set; }
}
