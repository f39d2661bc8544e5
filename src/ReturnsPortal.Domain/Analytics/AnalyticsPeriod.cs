namespace ReturnsPortal.Domain.Analytics;

/// <summary>
/// A reporting period of shop days [From, To) in Europe/Paris, and the previous period of the same length
/// (ADR 0040). Days are converted to UTC instants so that queries compare stored UTC times.
/// </summary>
public sealed record AnalyticsPeriod(DateOnly From, DateOnly To)
{
    public const int MaxYears = 3;

    public int Days => To.DayNumber - From.DayNumber;

    public DateTime FromUtc => StartOfDayUtc(From);

    public DateTime ToUtc => StartOfDayUtc(To);

    public AnalyticsPeriod Previous => new(From.AddDays(-Days), From);

    /// <summary>
    /// "2026-10-28..2026-11-27". The record's generated ToString would print <see cref="Previous"/>, whose own
    /// Previous is printed in turn, without end: a period in a log line or a message overflowed the stack.
    /// </summary>
    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{From:yyyy-MM-dd}..{To:yyyy-MM-dd}");

    /// <summary>Midnight of a Paris day as a UTC instant (23 or 25-hour days are handled by the time zone rules).</summary>
    public static DateTime StartOfDayUtc(DateOnly day) =>
        TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), ShopTime.Paris);

    /// <summary>The Paris day of a stored UTC instant.</summary>
    public static DateOnly ParisDay(DateTime utc) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), ShopTime.Paris));

    /// <summary>Checks a period typed by a person; each problem is a field name and an error code for the caller to localise.</summary>
    public static IReadOnlyList<(string Field, AnalyticsPeriodError Error)> Validate(DateOnly? from, DateOnly? to)
    {
        var errors = new List<(string, AnalyticsPeriodError)>();
        if (from is null)
        {
            errors.Add(("from", AnalyticsPeriodError.Malformed));
        }
        if (to is null)
        {
            errors.Add(("to", AnalyticsPeriodError.Malformed));
        }
        if (from is { } f && to is { } t)
        {
            if (t <= f)
            {
                errors.Add(("to", AnalyticsPeriodError.ToNotAfterFrom));
            }
            else if (t > f.AddYears(MaxYears))
            {
                errors.Add(("to", AnalyticsPeriodError.TooLong));
            }
        }
        return errors;
    }

    /// <summary>Parses yyyy-MM-dd strictly (what a date input and the API send); null when malformed.</summary>
    public static DateOnly? ParseDay(string? text) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.None, out var day) ? day : null;
}
