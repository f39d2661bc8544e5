using ReturnsPortal.Domain.Catalog;
using ReturnsPortal.Domain.Policies;
using ReturnsPortal.Domain.Returns;

namespace ReturnsPortal.Domain.Tests.Returns;

/// <summary>The eligibility rules from plain facts (docs/decisions/0010-eligibility-deadlines.md).</summary>
public sealed class EligibilityTests
{
    private const int Clothing = 1;
    private const int Beauty = 2;
    private static readonly TimeZoneInfo ParisZone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
    private static readonly PolicyFacts ThirtyDays = new(30, WindowStart.Delivery, []);

    /// <summary>A wall-clock time in Paris, as the UTC instant the database stores.</summary>
    private static DateTime Paris(int year, int month, int day, int hour = 12, int minute = 0) =>
        TimeZoneInfo.ConvertTimeToUtc(new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Unspecified), ParisZone);

    private static LineFacts Line(int id = 1, int quantity = 1, int category = Clothing, NonReturnableReason? nonReturnable = null) =>
        new(id, 100 + id, $"SKU-{id}", $"Product {id}", "M", "Noir", category, nonReturnable, quantity);

    private static OrderFacts Order(DateTime? deliveredAt, LineFacts[]? lines = null, PriorReturnLine[]? prior = null, DateTime? placedAt = null) =>
        new(7, "CMD-7", placedAt ?? deliveredAt?.AddDays(-3) ?? Paris(2026, 6, 1), deliveredAt?.AddDays(-1), deliveredAt,
            lines ?? [Line()], prior ?? []);

    private static LineEligibility Single(OrderFacts order, DateTime now, PolicyFacts? policy = null) =>
        ReturnEligibility.Compute(order, policy ?? ThirtyDays, now).Lines.ShouldHaveSingleItem();

    [Fact]
    public void On_the_delivery_day_a_line_is_returnable_for_thirty_days_after_it()
    {
        var delivered = Paris(2026, 6, 10, 15);

        var result = ReturnEligibility.Compute(Order(delivered), ThirtyDays, delivered.AddMinutes(5));

        result.CommercialDeadline.ShouldBe(new DateOnly(2026, 7, 10));
        result.WithdrawalDeadline.ShouldBe(new DateOnly(2026, 6, 24));
        result.GuaranteeDeadline.ShouldBe(new DateOnly(2028, 6, 10));
        result.WithdrawalOpen.ShouldBeTrue();
        var line = result.Lines.ShouldHaveSingleItem();
        line.Eligible.ShouldBeTrue();
        line.NotEligibleReason.ShouldBeNull();
        line.Deadline.ShouldBe(new DateOnly(2026, 7, 10));
        line.QuantityReturnable.ShouldBe(1);
        line.DefectOnly.ShouldBeFalse();
    }

    [Fact]
    public void The_last_day_of_the_window_counts_until_midnight_in_Paris()
    {
        var line = Single(Order(Paris(2026, 6, 10, 15)), Paris(2026, 7, 10, 23, 59));

        line.Eligible.ShouldBeTrue();
        line.Deadline.ShouldBe(new DateOnly(2026, 7, 10));
    }

    [Fact]
    public void The_day_after_the_window_only_a_defect_can_be_returned()
    {
        var line = Single(Order(Paris(2026, 6, 10, 15)), Paris(2026, 7, 11, 0, 1));

        line.Eligible.ShouldBeFalse();
        line.NotEligibleReason.ShouldBe(IneligibleReason.WindowClosed);
        line.Deadline.ShouldBe(new DateOnly(2026, 7, 10));
        line.DefectOnly.ShouldBeTrue();
        line.QuantityReturnable.ShouldBe(1);
        line.GuaranteeDeadline.ShouldBe(new DateOnly(2028, 6, 10));
    }

    [Theory]
    // 21:30 and 22:30 UTC on 10 June are 23:30 on the 10th and 00:30 on the 11th in Paris (UTC+2).
    [InlineData(21, 10)]
    [InlineData(22, 11)]
    public void Around_midnight_the_delivery_day_is_the_Paris_calendar_day(int utcHour, int parisDay)
    {
        var delivered = new DateTime(2026, 6, 10, utcHour, 30, 0, DateTimeKind.Utc);

        var result = ReturnEligibility.Compute(Order(delivered), ThirtyDays, delivered);

        result.Lines[0].Deadline.ShouldBe(new DateOnly(2026, 7, parisDay));
        result.WithdrawalDeadline.ShouldBe(ReturnEligibility.WithdrawalDeadline(new DateOnly(2026, 6, parisDay)));
    }

    [Theory]
    // Delivered 1 March (UTC+1), last day 31 March, after the spring change (UTC+2): midnight is 22:00 UTC.
    [InlineData("2026-03-31T21:30:00Z", true)]
    [InlineData("2026-03-31T22:30:00Z", false)]
    public void Across_the_spring_clock_change_the_window_closes_at_Paris_midnight(string now, bool eligible)
    {
        var line = Single(Order(Paris(2026, 3, 1)), DateTime.Parse(now, null, System.Globalization.DateTimeStyles.AdjustToUniversal));

        line.Deadline.ShouldBe(new DateOnly(2026, 3, 31));
        line.Eligible.ShouldBe(eligible);
    }

    [Theory]
    // Delivered 1 October (UTC+2), last day 31 October, after the autumn change (UTC+1): midnight is 23:00 UTC.
    [InlineData("2026-10-31T22:30:00Z", true)]
    [InlineData("2026-10-31T23:30:00Z", false)]
    public void Across_the_autumn_clock_change_the_window_closes_at_Paris_midnight(string now, bool eligible)
    {
        var line = Single(Order(Paris(2026, 10, 1)), DateTime.Parse(now, null, System.Globalization.DateTimeStyles.AdjustToUniversal));

        line.Deadline.ShouldBe(new DateOnly(2026, 10, 31));
        line.Eligible.ShouldBe(eligible);
    }

    [Fact]
    public void A_seven_day_category_window_never_removes_the_fourteen_day_withdrawal()
    {
        var policy = new PolicyFacts(30, WindowStart.Delivery, [new CategoryWindow(Beauty, 7)]);
        var order = Order(Paris(2026, 6, 10), [Line(1, category: Clothing), Line(2, category: Beauty)]);

        var tenDaysLater = ReturnEligibility.Compute(order, policy, Paris(2026, 6, 20));
        var fifteenDaysLater = ReturnEligibility.Compute(order, policy, Paris(2026, 6, 25));

        tenDaysLater.Lines[1].Eligible.ShouldBeTrue("day 10: the 7-day window is over but the withdrawal period is not");
        tenDaysLater.Lines[1].Deadline.ShouldBe(new DateOnly(2026, 6, 24));
        tenDaysLater.Lines[0].Deadline.ShouldBe(new DateOnly(2026, 7, 10));
        fifteenDaysLater.Lines[1].NotEligibleReason.ShouldBe(IneligibleReason.WindowClosed);
        fifteenDaysLater.Lines[0].Eligible.ShouldBeTrue();
        fifteenDaysLater.WithdrawalOpen.ShouldBeFalse();
    }

    [Fact]
    public void A_longer_category_window_extends_the_deadline()
    {
        var policy = new PolicyFacts(30, WindowStart.Delivery, [new CategoryWindow(Beauty, 60)]);

        var line = Single(Order(Paris(2026, 6, 10), [Line(category: Beauty)]), Paris(2026, 8, 1), policy);

        line.Eligible.ShouldBeTrue();
        line.Deadline.ShouldBe(new DateOnly(2026, 8, 9));
    }

    [Theory]
    [InlineData("2026-06-10", "2026-06-24")] // Wednesday + 14 = Wednesday
    [InlineData("2026-06-13", "2026-06-29")] // ends on Saturday 27 → Monday 29
    [InlineData("2026-12-11", "2026-12-28")] // ends on Christmas Day (Friday) → Monday 28
    [InlineData("2026-04-30", "2026-05-15")] // ends on Thursday 14 May 2026, Ascension Day → Friday 15
    [InlineData("2027-03-15", "2027-03-30")] // ends on Easter Monday 29 March 2027 → Tuesday 30
    public void The_withdrawal_period_ending_on_a_weekend_or_public_holiday_runs_to_the_next_working_day(string delivered, string expected)
    {
        var result = ReturnEligibility.WithdrawalDeadline(DateOnly.Parse(delivered, System.Globalization.CultureInfo.InvariantCulture));

        result.ShouldBe(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData(2026, 4, 5)]
    [InlineData(2027, 3, 28)]
    [InlineData(2025, 4, 20)]
    public void Easter_is_computed_for_any_year(int year, int month, int day) =>
        FrenchHolidays.EasterSunday(year).ShouldBe(new DateOnly(year, month, day));

    [Fact]
    public void A_defect_reported_twenty_three_months_after_delivery_is_covered_by_the_legal_guarantee()
    {
        var line = Single(Order(Paris(2024, 7, 15)), Paris(2026, 6, 15));

        line.Eligible.ShouldBeFalse();
        line.NotEligibleReason.ShouldBe(IneligibleReason.WindowClosed);
        line.DefectOnly.ShouldBeTrue();
        line.QuantityReturnable.ShouldBe(1);
        line.GuaranteeDeadline.ShouldBe(new DateOnly(2026, 7, 15));
    }

    [Fact]
    public void Twenty_five_months_after_delivery_nothing_can_be_returned()
    {
        var line = Single(Order(Paris(2024, 5, 15)), Paris(2026, 6, 15));

        line.Eligible.ShouldBeFalse();
        line.NotEligibleReason.ShouldBe(IneligibleReason.WindowClosed);
        line.DefectOnly.ShouldBeFalse();
        line.QuantityReturnable.ShouldBe(0);
    }

    [Fact]
    public void The_guarantee_ends_on_the_same_date_two_years_later()
    {
        var order = Order(Paris(2024, 7, 15));

        Single(order, Paris(2026, 7, 15, 23, 59)).DefectOnly.ShouldBeTrue();
        Single(order, Paris(2026, 7, 16, 0, 1)).DefectOnly.ShouldBeFalse();
    }

    [Theory]
    [InlineData(NonReturnableReason.Hygiene)]
    [InlineData(NonReturnableReason.Personalised)]
    public void Hygiene_and_personalised_items_are_returnable_only_as_defects(NonReturnableReason reason)
    {
        var line = Single(Order(Paris(2026, 6, 10), [Line(nonReturnable: reason)]), Paris(2026, 6, 11));

        line.Eligible.ShouldBeFalse();
        line.NotEligibleReason.ShouldBe(IneligibleReason.NonReturnable);
        line.NonReturnableReason.ShouldBe(reason);
        line.Deadline.ShouldBeNull();
        line.DefectOnly.ShouldBeTrue();
        line.QuantityReturnable.ShouldBe(1);
    }

    [Fact]
    public void A_final_sale_item_keeps_the_legal_withdrawal_but_not_the_commercial_window()
    {
        var order = Order(Paris(2026, 6, 10), [Line(nonReturnable: NonReturnableReason.FinalSale)]);

        var inWithdrawal = Single(order, Paris(2026, 6, 24, 22));
        var after = Single(order, Paris(2026, 6, 25, 9));

        inWithdrawal.Eligible.ShouldBeTrue();
        inWithdrawal.Deadline.ShouldBe(new DateOnly(2026, 6, 24));
        inWithdrawal.NonReturnableReason.ShouldBe(NonReturnableReason.FinalSale);
        after.Eligible.ShouldBeFalse();
        after.NotEligibleReason.ShouldBe(IneligibleReason.WindowClosed);
        after.DefectOnly.ShouldBeTrue();
    }

    [Fact]
    public void Earlier_returns_of_the_same_line_reduce_what_is_left()
    {
        var order = Order(Paris(2026, 6, 10), [Line(1, quantity: 3), Line(2, quantity: 1)],
            [new PriorReturnLine(1, 1, ReturnStatus.Closed), new PriorReturnLine(1, 1, ReturnStatus.Requested), new PriorReturnLine(2, 1, ReturnStatus.Cancelled)]);

        var result = ReturnEligibility.Compute(order, ThirtyDays, Paris(2026, 6, 12));

        result.Lines[0].QuantityOrdered.ShouldBe(3);
        result.Lines[0].QuantityReturnable.ShouldBe(1);
        result.Lines[0].Eligible.ShouldBeTrue();
        result.Lines[1].QuantityReturnable.ShouldBe(1);
    }

    [Fact]
    public void A_line_returned_in_full_has_nothing_left_even_as_a_defect()
    {
        var order = Order(Paris(2026, 6, 10), [Line(1, quantity: 2)],
            [new PriorReturnLine(1, 1, ReturnStatus.Received), new PriorReturnLine(1, 1, ReturnStatus.Approved)]);

        var line = Single(order, Paris(2026, 6, 12));

        line.Eligible.ShouldBeFalse();
        line.NotEligibleReason.ShouldBe(IneligibleReason.NothingLeftToReturn);
        line.QuantityReturnable.ShouldBe(0);
        line.DefectOnly.ShouldBeFalse();
    }

    [Theory]
    [InlineData(ReturnStatus.Cancelled, 2)]
    [InlineData(ReturnStatus.Expired, 2)]
    [InlineData(ReturnStatus.Requested, 0)]
    [InlineData(ReturnStatus.InTransit, 0)]
    [InlineData(ReturnStatus.Resolved, 0)]
    [InlineData(ReturnStatus.Closed, 0)]
    [InlineData(ReturnStatus.Rejected, 0)] // the items went back to the customer: not a second time in the same window
    public void Only_cancelled_and_expired_returns_free_their_quantities(ReturnStatus status, int left)
    {
        var order = Order(Paris(2026, 6, 10), [Line(1, quantity: 2)], [new PriorReturnLine(1, 2, status)]);

        Single(order, Paris(2026, 6, 12)).QuantityReturnable.ShouldBe(left);
    }

    [Fact]
    public void An_undelivered_order_has_nothing_returnable_and_no_deadlines()
    {
        var result = ReturnEligibility.Compute(Order(null), ThirtyDays, Paris(2026, 6, 12));

        result.DeliveredAt.ShouldBeNull();
        result.WithdrawalDeadline.ShouldBeNull();
        result.WithdrawalOpen.ShouldBeFalse();
        var line = result.Lines.ShouldHaveSingleItem();
        line.Eligible.ShouldBeFalse();
        line.NotEligibleReason.ShouldBe(IneligibleReason.NotDelivered);
        line.QuantityReturnable.ShouldBe(0);
        line.Deadline.ShouldBeNull();
    }

    [Fact]
    public void A_window_counted_from_the_order_date_still_leaves_the_withdrawal_counted_from_delivery()
    {
        var policy = new PolicyFacts(14, WindowStart.Order, []);
        var order = Order(Paris(2026, 6, 10), placedAt: Paris(2026, 6, 1));

        var result = ReturnEligibility.Compute(order, policy, Paris(2026, 6, 20));

        result.CommercialDeadline.ShouldBe(new DateOnly(2026, 6, 15));
        result.Lines[0].Deadline.ShouldBe(new DateOnly(2026, 6, 24));
        result.Lines[0].Eligible.ShouldBeTrue();
    }

    [Fact]
    public void Without_a_commercial_policy_the_law_still_applies()
    {
        var line = Single(Order(Paris(2026, 6, 10)), Paris(2026, 6, 20), PolicyFacts.LegalOnly);

        line.Eligible.ShouldBeTrue();
        line.Deadline.ShouldBe(new DateOnly(2026, 6, 24));
    }
}
