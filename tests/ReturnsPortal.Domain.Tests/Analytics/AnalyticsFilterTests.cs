using ReturnsPortal.Domain.Analytics;
using ReturnsPortal.Domain.Returns;

namespace ReturnsPortal.Domain.Tests.Analytics;

/// <summary>Which figures each filter narrows, and when the return rates are withheld (ADR 0087).</summary>
public sealed class AnalyticsFilterTests
{
    [Fact]
    public void No_filter_leaves_nothing_out_and_withholds_nothing()
    {
        AnalyticsFilter.None.Active.ShouldBeEmpty();
        AnalyticsFilter.None.LeftOut().ShouldBeEmpty();
        AnalyticsFilter.None.WithholdsReturnRates.ShouldBeFalse();
    }

    [Fact]
    public void A_category_narrows_both_sides_of_the_rates_and_leaves_out_only_goodwill()
    {
        var filter = new AnalyticsFilter { CategoryId = 3 };

        filter.WithholdsReturnRates.ShouldBeFalse();
        filter.LeftOut().ShouldHaveSingleItem().LeftOut.ShouldBe([AnalyticsFigure.Goodwill]);
    }

    [Fact]
    public void A_reason_narrows_the_returned_lines_only_so_the_rates_are_withheld()
    {
        var filter = new AnalyticsFilter { ReasonId = 7 };

        filter.WithholdsReturnRates.ShouldBeTrue();
        filter.LeftOut().ShouldHaveSingleItem().LeftOut.ShouldBe(
        [
            AnalyticsFigure.Sales, AnalyticsFigure.Returns, AnalyticsFigure.ProcessingTimes, AnalyticsFigure.ProblemProducts,
            AnalyticsFigure.Dispositions, AnalyticsFigure.Goodwill,
        ]);
    }

    [Fact]
    public void A_resolution_narrows_neither_side_of_the_rates_so_they_are_shown()
    {
        var filter = new AnalyticsFilter { Resolution = Resolution.Exchange };

        filter.WithholdsReturnRates.ShouldBeFalse();
        AnalyticsFilter.Applies(AnalyticsFilterKind.Resolution, AnalyticsFigure.Returns).ShouldBeTrue();
        AnalyticsFilter.Applies(AnalyticsFilterKind.Resolution, AnalyticsFigure.ReturnedUnits).ShouldBeFalse();
    }

    [Fact]
    public void A_warehouse_narrows_what_comes_from_returns_but_not_sales_nor_problem_products()
    {
        var filter = new AnalyticsFilter { WarehouseId = 2, Resolution = Resolution.Refund };

        filter.WithholdsReturnRates.ShouldBeTrue();
        filter.Active.ShouldBe([AnalyticsFilterKind.Resolution, AnalyticsFilterKind.Warehouse]);
        filter.LeftOut().Single(f => f.Filter == AnalyticsFilterKind.Warehouse).LeftOut
            .ShouldBe([AnalyticsFigure.Sales, AnalyticsFigure.ProblemProducts, AnalyticsFigure.Goodwill]);
    }
}
