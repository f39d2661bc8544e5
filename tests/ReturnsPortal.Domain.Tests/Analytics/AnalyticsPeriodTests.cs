using ReturnsPortal.Domain.Analytics;

namespace ReturnsPortal.Domain.Tests.Analytics;

public sealed class AnalyticsPeriodTests
{
    [Fact]
    public void A_period_prints_its_days_not_its_previous_periods_without_end()
    {
        var period = new AnalyticsPeriod(new DateOnly(2026, 10, 28), new DateOnly(2026, 11, 27));

        period.ToString().ShouldBe("2026-10-28..2026-11-27");
        period.Previous.ToString().ShouldBe("2026-09-28..2026-10-28");
    }
}
