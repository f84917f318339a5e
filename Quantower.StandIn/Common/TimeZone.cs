namespace TradingPlatform.BusinessLayer;

/// <summary>The platform's time zone (<see cref="TimeUtils.SelectedTimeZone"/>); no public members are mirrored.</summary>
public class TimeZone
{
    internal TimeZone(TimeZoneInfo timeZoneInfo)
    {
        this.TimeZoneInfo = timeZoneInfo;
    }

    internal TimeZoneInfo TimeZoneInfo { get; }
}
