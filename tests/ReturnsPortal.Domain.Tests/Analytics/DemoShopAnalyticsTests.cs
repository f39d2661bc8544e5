using ReturnsPortal.Domain.Analytics;
using ReturnsPortal.Domain.Seeding;
using ReturnsPortal.Domain.Tests.Infrastructure;

namespace ReturnsPortal.Domain.Tests.Seeding;

/// <summary>The demo shop's planted problem products (cut too small) are what the analytics find.</summary>
public abstract partial class DemoShopSeederTests
{
    [Fact]
    public async Task Analytics_find_the_jeans_and_the_chelsea_boots_mostly_returned_too_small()
    {
        await EnsureSeededAsync();
        await using var db = database.CreateContext(new FakeClock(Now));
        var today = AnalyticsPeriod.ParisDay(NowUtc);
        var period = new AnalyticsPeriod(today.AddDays(-DemoShopSeeder.HistoryDays), today.AddDays(1));

        var report = await new ReturnAnalytics(db).ReportAsync(period, null, CancellationToken.None);

        output.WriteLine(string.Join(Environment.NewLine, report.ProblemProducts.Select(p =>
            $"{p.Code} {p.Name} {p.UnitsReturned}/{p.UnitsSold} vs {p.CategoryRate:P1}: {p.TopReasonCode} {p.TopReasonShare:P0}")));
        report.ProblemProducts.Select(p => p.Name).Order().ShouldBe(["Bottines Chelsea en daim", "Jean droit brut"]);
        report.ProblemProducts.ShouldAllBe(p => p.TopReasonCode == "too_small" && p.TopReasonShare > 0.5);
        report.Reasons.ShouldNotBeEmpty();
        report.Current.ReturnRateUnits.ShouldNotBeNull();
    }
}
