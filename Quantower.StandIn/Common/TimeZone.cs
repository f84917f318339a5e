namespace TradingPlatform.BusinessLayer;

/// <summary>The platform's time zone (<see cref="TimeUtils.SelectedTimeZone"/>); no public members are mirrored.
/// <c>default(TimeZone)</c> has no <see cref="TimeZoneInfo"/>; the stand-in reads it as UTC.</summary>
public readonly struct TimeZone
{
    internal TimeZone(TimeZoneInfo timeZoneInfo)
    {
        this.TimeZoneInfo = timeZoneInfo;
    }

    internal TimeZoneInfo TimeZoneInfo { get; }
}
