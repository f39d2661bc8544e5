namespace ReturnsPortal.Domain.Returns;

/// <summary>French public holidays (metropolitan France), for legal periods that end on a working day.</summary>
public static class FrenchHolidays
{
    public static bool IsHoliday(DateOnly day)
    {
        if ((day.Month, day.Day) is (1, 1) or (5, 1) or (5, 8) or (7, 14) or (8, 15) or (11, 1) or (11, 11) or (12, 25))
        {
            return true;
        }
        var easter = EasterSunday(day.Year);
        // Easter Monday, Ascension Thursday, Whit Monday.
        return day == easter.AddDays(1) || day == easter.AddDays(39) || day == easter.AddDays(50);
    }

    /// <summary>Gregorian Easter (anonymous Gregorian algorithm, Meeus/Jones/Butcher).</summary>
    public static DateOnly EasterSunday(int year)
    {
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = ((19 * a) + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + (2 * e) + (2 * i) - h - k) % 7;
        var m = (a + (11 * h) + (22 * l)) / 451;
        var month = (h + l - (7 * m) + 114) / 31;
        var day = ((h + l - (7 * m) + 114) % 31) + 1;
        return new DateOnly(year, month, day);
    }
}
