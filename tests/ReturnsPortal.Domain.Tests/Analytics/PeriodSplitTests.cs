using ReturnsPortal.Domain.Analytics;

namespace ReturnsPortal.Domain.Tests.Analytics;

/// <summary>The ranges a period is read from (ADR 0090) cover each of its days exactly once, with the coarsest rows that fit.</summary>
public sealed class PeriodSplitTests
{
    [Theory]
    [InlineData("2025-08-28", "2025-10-14", "2025-09-01", "2025-10-01")]
    [InlineData("2025-09-01", "2025-10-15", "2025-09-01", "2025-10-01")]
    [InlineData("2025-11-28", "2026-11-28", "2025-12-01", "2026-11-01")]
    [InlineData("2026-01-01", "2026-02-01", "2026-01-01", "2026-02-01")]
    public void A_period_reads_its_whole_months_from_month_rows(string from, string to, string monthsFrom, string monthsTo)
    {
        var split = RollupAnalytics.PeriodSplit.Of(new AnalyticsPeriod(DateOnly.Parse(from), DateOnly.Parse(to)));

        (split.MonthsFrom, split.MonthsTo).ShouldBe((DateOnly.Parse(monthsFrom), DateOnly.Parse(monthsTo)));
    }

    [Theory]
    [InlineData("2025-09-03", "2025-09-26", "2025-09-08", "2025-09-22")]
    [InlineData("2025-09-15", "2025-10-14", "2025-09-15", "2025-10-13")]
    public void A_period_without_a_whole_month_reads_weeks_and_days(string from, string to, string weeksFrom, string weeksTo)
    {
        var period = new AnalyticsPeriod(DateOnly.Parse(from), DateOnly.Parse(to));

        var split = RollupAnalytics.PeriodSplit.Of(period);

        (split.MonthsFrom, split.MonthsTo).ShouldBe((period.To, period.To));
        (split.HeadWeeksFrom, split.HeadWeeksTo).ShouldBe((DateOnly.Parse(weeksFrom), DateOnly.Parse(weeksTo)));
    }

    [Fact]
    public void Without_months_a_long_period_reads_weeks_and_days_only()
    {
        var period = new AnalyticsPeriod(new DateOnly(2025, 11, 28), new DateOnly(2026, 11, 28));

        var split = RollupAnalytics.PeriodSplit.Of(period, months: false);

        (split.MonthsFrom, split.MonthsTo).ShouldBe((period.To, period.To));
        Days(period, split).ShouldBe(Enumerable.Range(0, period.To.DayNumber - period.From.DayNumber).Select(period.From.AddDays).ToList());
    }

    [Fact]
    public void Every_day_of_any_period_is_read_once_from_aligned_rows()
    {
        var random = new Random(90);
        for (var i = 0; i < 2_000; i++)
        {
            var from = new DateOnly(2024, 1, 1).AddDays(random.Next(0, 800));
            var period = new AnalyticsPeriod(from, from.AddDays(random.Next(1, 3 * 365)));
            var split = RollupAnalytics.PeriodSplit.Of(period);

            Days(period, split).ShouldBe(Enumerable.Range(0, period.To.DayNumber - period.From.DayNumber).Select(period.From.AddDays).ToList(), $"{period}");
            split.MonthsFrom.Day.ShouldBe(split.MonthsFrom == period.To ? period.To.Day : 1, $"{period}");
            foreach (var week in new[] { split.HeadWeeksFrom, split.TailWeeksFrom }.Where(w => w != period.To && w != split.MonthsFrom))
            {
                week.DayOfWeek.ShouldBe(DayOfWeek.Monday, $"{period}");
            }
            // No whole week is left to day rows: fewer than 7 days beside a week range, fewer than 13 without one.
            NoWholeWeekInDays(period.From, split.HeadWeeksFrom, split.HeadWeeksTo, split.MonthsFrom, $"{period}");
            NoWholeWeekInDays(split.MonthsTo, split.TailWeeksFrom, split.TailWeeksTo, period.To, $"{period}");
        }
    }

    private static void NoWholeWeekInDays(DateOnly from, DateOnly weeksFrom, DateOnly weeksTo, DateOnly to, string because)
    {
        if (weeksFrom == weeksTo)
        {
            (to.DayNumber - from.DayNumber).ShouldBeLessThan(13, because);
            return;
        }
        (weeksFrom.DayNumber - from.DayNumber).ShouldBeLessThan(7, because);
        (to.DayNumber - weeksTo.DayNumber).ShouldBeLessThan(7, because);
    }

    /// <summary>The days the split's seven ranges stand for, in order: month and week rows expanded to their days.</summary>
    private static List<DateOnly> Days(AnalyticsPeriod period, RollupAnalytics.PeriodSplit split)
    {
        static IEnumerable<DateOnly> Range(DateOnly from, DateOnly to) =>
            Enumerable.Range(0, Math.Max(0, to.DayNumber - from.DayNumber)).Select(from.AddDays);
        return
        [
            .. Range(period.From, split.HeadWeeksFrom), .. Range(split.HeadWeeksFrom, split.HeadWeeksTo),
            .. Range(split.HeadWeeksTo, split.MonthsFrom), .. Range(split.MonthsFrom, split.MonthsTo),
            .. Range(split.MonthsTo, split.TailWeeksFrom), .. Range(split.TailWeeksFrom, split.TailWeeksTo),
            .. Range(split.TailWeeksTo, period.To),
        ];
    }
}
