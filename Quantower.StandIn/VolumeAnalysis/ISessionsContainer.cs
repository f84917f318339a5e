namespace TradingPlatform.BusinessLayer;

/// <summary>Type of <see cref="VolumeAnalysisCalculationParameters.SessionsContainer"/>; no members are mirrored.</summary>
public interface ISessionsContainer
{
}
