using System.Globalization;
using System.Reflection;

namespace TradingPlatform.BusinessLayer;

/// <summary>
/// How input parameters become settings: instance fields and properties with <see cref="InputParameterAttribute"/>,
/// public or not, named by the attribute's Name or else the member name, all in the group "Input parameters".
/// </summary>
internal static class InputParameters
{
    internal const string Group = "Input parameters";

    private static readonly HashSet<Type> Supported =
    [
        typeof(bool), typeof(int), typeof(string), typeof(double), typeof(DateTime), typeof(Period), typeof(Account),
        typeof(Symbol), typeof(System.Drawing.Color),
    ];

    internal static List<SettingItem> Read(object target, LoggerManager log)
    {
        var items = new List<SettingItem>();
        foreach (var (member, attribute) in Members(target.GetType()))
        {
            try
            {
                var item = CreateItem(target, member, attribute);
                if (item != null)
                {
                    item.GroupName = Group;
                    items.Add(item);
                }
            }
            catch (Exception e) when (e is InvalidCastException or ArgumentException)
            {
                log.Log($"Input parameter '{member.Name}' of {target.GetType().Name} is skipped: {e.Message}", LoggingLevel.Error);
            }
        }

        return items;
    }

    /// <summary>Applies values back by item name; returns whether at least one input-parameter value was applied.</summary>
    internal static bool Apply(object target, IEnumerable<SettingItem> settings, LoggerManager log)
    {
        if (settings == null)
        {
            return false;
        }

        var members = Members(target.GetType()).ToDictionary(m => NameOf(m.Member, m.Attribute), StringComparer.Ordinal);
        var applied = false;
        foreach (var item in settings)
        {
            if (item?.Name == null || !members.TryGetValue(item.Name, out var entry))
            {
                continue;
            }

            try
            {
                var type = TypeOf(entry.Member);
                if (typeof(SettingItem).IsAssignableFrom(type))
                {
                    if (GetValue(target, entry.Member) is SettingItem own)
                    {
                        own.Value = item is SettingItem ? item.Value : own.Value;
                        applied = true;
                    }

                    continue;
                }

                SetValue(target, entry.Member, Convert(item.Value, type));
                applied = true;
            }
            catch (Exception e) when (e is InvalidCastException or FormatException or OverflowException or ArgumentException)
            {
                log.Log($"Input parameter '{item.Name}' was not applied: {e.Message}", LoggingLevel.Error);
            }
        }

        return applied;
    }

    private static SettingItem CreateItem(object target, MemberInfo member, InputParameterAttribute attribute)
    {
        var type = TypeOf(member);
        var name = NameOf(member, attribute);
        var value = GetValue(target, member);

        if (value is SettingItem own && typeof(SettingItem).IsAssignableFrom(type))
        {
            own.Name ??= name;
            return own;
        }

        if (attribute.Variants is { Length: > 0 } variants)
        {
            if (variants.Length % 2 != 0)
            {
                throw new ArgumentException("variants must hold (text, value) pairs");
            }

            for (var i = 1; i < variants.Length; i += 2)
            {
                if (variants[i]?.GetType() != type)
                {
                    throw new ArgumentException($"variant value {variants[i]} is not of type {type.Name}");
                }
            }

            var stored = type.IsEnum ? (object)System.Convert.ToInt32(value, CultureInfo.InvariantCulture) : value;
            return new ValueSettingItem(name, stored, type) { SortIndex = attribute.SortIndex, Variants = variants };
        }

        if (type == typeof(long) || type == typeof(decimal))
        {
            // Mapped by the platform, but its item cast fails for these types.
            throw new InvalidCastException($"Unable to cast object of type '{type.FullName}' to the setting item's value type.");
        }

        return Supported.Contains(type)
            ? new ValueSettingItem(name, value, type) { SortIndex = attribute.SortIndex }
            : null;
    }

    private static object Convert(object value, Type type)
    {
        if (value == null)
        {
            return type.IsValueType ? Activator.CreateInstance(type) : null;
        }

        if (type.IsInstanceOfType(value))
        {
            return value;
        }

        if (type.IsEnum)
        {
            return value is string text ? Enum.Parse(type, text) : Enum.ToObject(type, System.Convert.ToInt32(value, CultureInfo.InvariantCulture));
        }

        if (type == typeof(Period) && value is string periodText)
        {
            return Period.TryParse(periodText, out var period) ? period : throw new FormatException("Not a period: " + periodText);
        }

        if (type == typeof(DateTime) && value is string dateText)
        {
            return DateTime.Parse(dateText, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
        }

        return System.Convert.ChangeType(value, type, CultureInfo.InvariantCulture);
    }

    private static IEnumerable<(MemberInfo Member, InputParameterAttribute Attribute)> Members(Type type)
    {
        const BindingFlags flags = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var t = type; t != null && t != typeof(object); t = t.BaseType)
        {
            foreach (var member in t.GetFields(flags).Cast<MemberInfo>().Concat(t.GetProperties(flags)))
            {
                var attribute = member.GetCustomAttribute<InputParameterAttribute>(inherit: true);
                if (attribute != null && seen.Add(member.Name))
                {
                    yield return (member, attribute);
                }
            }
        }
    }

    private static string NameOf(MemberInfo member, InputParameterAttribute attribute) =>
        string.IsNullOrEmpty(attribute.Name) ? member.Name : attribute.Name;

    private static Type TypeOf(MemberInfo member) => member is FieldInfo f ? f.FieldType : ((PropertyInfo)member).PropertyType;

    private static object GetValue(object target, MemberInfo member) =>
        member is FieldInfo f ? f.GetValue(target) : ((PropertyInfo)member).GetValue(target);

    private static void SetValue(object target, MemberInfo member, object value)
    {
        if (member is FieldInfo f)
        {
            f.SetValue(target, value);
        }
        else
        {
            ((PropertyInfo)member).SetValue(target, value);
        }
    }
}
