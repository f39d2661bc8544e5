using ReturnsPortal.Domain.Analytics;

namespace ReturnsPortal.Domain.Tests.Analytics;

public sealed class WilsonTests
{
    [Theory]
    // Reference values of the Wilson score interval at 95 % (z = 1.96).
    [InlineData(20, 40, 0.3520)]
    [InlineData(4, 40, 0.0396)]
    [InlineData(0, 10, 0.0)]
    [InlineData(10, 10, 0.7225)]
    [InlineData(50, 100, 0.4038)]
    public void The_lower_bound_matches_the_formula(long successes, long trials, double expected) =>
        Wilson.LowerBound(successes, trials)!.Value.ShouldBe(expected, 0.0005);

    [Fact]
    public void Without_trials_there_is_no_bound() => Wilson.LowerBound(0, 0).ShouldBeNull();

    [Fact]
    public void More_sales_at_the_same_rate_narrow_the_interval() =>
        Wilson.LowerBound(100, 200)!.Value.ShouldBeGreaterThan(Wilson.LowerBound(10, 20)!.Value);

    [Theory]
    [InlineData(20, 40, 0.17, true)] // half returned, category 17 %: significant
    [InlineData(4, 40, 0.17, false)] // below the category
    [InlineData(10, 19, 0.17, false)] // 53 % but fewer than 20 sold
    [InlineData(5, 20, 0.17, false)] // 25 % on 20 sold: not significantly above 17 %
    [InlineData(6, 81, 0.018, false)] // bound 3.4 % above 1.8 %: significant, but not by the 5 points that matter
    [InlineData(7, 35, 0.065, false)] // bound 10.0 % above 6.5 %: same
    [InlineData(81, 283, 0.091, true)] // the demo jeans: bound 23.6 % against 9.1 %
    [InlineData(5, 0, null, false)] // nothing sold: never a problem, never a division
    public void A_problem_needs_enough_sales_and_a_lower_bound_above_the_category(long returned, long sold, double? categoryRate, bool problem) =>
        ReturnAnalytics.IsProblem(returned, sold, categoryRate).ShouldBe(problem);
}
