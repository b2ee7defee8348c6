using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Broadsheet.Data;

/// <summary>Values read from the kept statements' rows (<see cref="KeptStatements"/>) as EF Core's SQLite provider wrote them.</summary>
internal static class SqliteValues
{
    /// <summary>
    /// A stored time, as UTC (the app stores only UTC). Microsoft.Data.Sqlite's <c>GetDateTime</c> gives the text to the
    /// general <see cref="DateTime.Parse(string, IFormatProvider)"/>, which works out the text's form each time (2% of a
    /// discussion's render at 48 comments; <c>ParseExact</c> cost as much). The one form EF Core writes is read here by
    /// position; anything else (a value another tool wrote) is still read by <c>GetDateTime</c>.
    /// </summary>
    public static DateTime Utc(SqliteDataReader reader, int ordinal) =>
        TryReadStoredTime(reader.GetString(ordinal), out var value)
            ? value
            : DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc);

    /// <summary>
    /// Reads <c>yyyy-MM-dd HH:mm:ss</c> with an optional fraction of one to seven digits (<c>.FFFFFFF</c>: EF Core leaves
    /// it out when it is zero), as UTC; false for any other text.
    /// </summary>
    internal static bool TryReadStoredTime(ReadOnlySpan<char> text, out DateTime value)
    {
        value = default;
        if (text.Length is < 19 or 20 or > 27
            || text[4] != '-' || text[7] != '-' || text[10] != ' ' || text[13] != ':' || text[16] != ':'
            || (text.Length > 19 && text[19] != '.')
            || !Number(text[..4], out var year) || !Number(text[5..7], out var month) || !Number(text[8..10], out var day)
            || !Number(text[11..13], out var hour) || !Number(text[14..16], out var minute) || !Number(text[17..19], out var second)
            || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        var fraction = 0;
        if (text.Length > 19)
        {
            var digits = text[20..];
            if (!Number(digits, out fraction))
            {
                return false;
            }

            for (var scale = digits.Length; scale < 7; scale++)
            {
                fraction *= 10;
            }
        }

        value = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).AddTicks(fraction);
        return true;
    }

    private static bool Number(ReadOnlySpan<char> digits, out int value) =>
        int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
