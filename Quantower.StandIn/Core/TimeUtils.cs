namespace TradingPlatform.BusinessLayer;

public sealed class TimeUtils
{
    public const long UNIX_START_TIME_TICKS = 621355968000000000;

    private TimeZone selectedTimeZone = new(TimeZoneInfo.Utc);

    internal TimeUtils()
    {
        this.StartTerminalDateTimeUtc = this.DateTimeUtcNow;
    }

    /// <summary>Wall clock (system UTC plus the NTP offset); it does not follow simulated or replayed time.</summary>
    public DateTime DateTimeUtcNow => this.Clock.GetUtcNow().UtcDateTime;

    public int ServerTimeOffset { get; private set; }

    public TimeZone SelectedTimeZone
    {
        get => this.selectedTimeZone;
        set => this.selectedTimeZone = value;
    }

    public DateTime StartTerminalDateTimeUtc { get; }

    /// <summary>Stand-in only: the wall clock, replaceable by tests.</summary>
    internal TimeProvider Clock { get; set; } = TimeProvider.System;

    public DateTime ConvertFromUTCToSelectedTimeZone(DateTime dateTime) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(dateTime, DateTimeKind.Utc), this.selectedTimeZone.TimeZoneInfo ?? TimeZoneInfo.Utc);

    public DateTime ConvertFromSelectedTimeZoneToUTC(DateTime dateTime) =>
        TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(dateTime, DateTimeKind.Unspecified), this.selectedTimeZone.TimeZoneInfo ?? TimeZoneInfo.Utc);

    internal void SetServerTimeOffset(int milliseconds) => this.ServerTimeOffset = milliseconds;
}
