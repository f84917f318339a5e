using System.Globalization;

namespace TradingPlatform.BusinessLayer;

public static class SettingItemExtensions
{
    public static bool TryGetValue<T>(this IEnumerable<SettingItem> settings, string name, out T value)
    {
        var item = settings.GetItemByName(name);
        if (item != null && TryConvert(item.Value, out value))
        {
            return true;
        }

        value = default;
        return false;
    }

    public static SettingItem GetItemByName(this IEnumerable<SettingItem> list, string name) =>
        list?.FirstOrDefault(i => string.Equals(i.Name, name, StringComparison.Ordinal));

    /// <summary>Follows <paramref name="pathLevels"/> through nested item lists; the last level names the value.</summary>
    public static T GetValueOrDefault<T>(this IEnumerable<SettingItem> settings, T defaultValue, params string[] pathLevels)
    {
        if (pathLevels == null || pathLevels.Length == 0)
        {
            return defaultValue;
        }

        var level = settings;
        for (var i = 0; i < pathLevels.Length - 1; i++)
        {
            level = level.GetItemByName(pathLevels[i])?.Value as IEnumerable<SettingItem>;
            if (level == null)
            {
                return defaultValue;
            }
        }

        return level.TryGetValue(pathLevels[^1], out T value) ? value : defaultValue;
    }

    private static bool TryConvert<T>(object raw, out T value)
    {
        if (raw is T typed)
        {
            value = typed;
            return true;
        }

        try
        {
            var target = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
            if (raw is IConvertible && typeof(IConvertible).IsAssignableFrom(target) && !target.IsEnum)
            {
                value = (T)Convert.ChangeType(raw, target, CultureInfo.InvariantCulture);
                return true;
            }

            if (target.IsEnum && raw is int number)
            {
                value = (T)Enum.ToObject(target, number);
                return true;
            }
        }
        catch (Exception e) when (e is InvalidCastException or FormatException or OverflowException)
        {
            // Not convertible: report "not found" like a missing item.
        }

        value = default;
        return false;
    }
}
