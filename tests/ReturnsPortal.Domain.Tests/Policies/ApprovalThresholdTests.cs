using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Policies;

namespace ReturnsPortal.Domain.Tests.Policies;

/// <summary>The four-eyes limits per currency of a policy version (ADR 0125): guard rails, copy and history.</summary>
public sealed class ApprovalThresholdTests
{
    private static ReturnPolicy Policy(params PolicyApprovalThreshold[] rows)
    {
        var policy = new ReturnPolicy { Name = "P", IsDefault = true };
        policy.ApprovalThresholds.AddRange(rows);
        return policy;
    }

    private static PolicyApprovalThreshold Row(string currency, long fourEyes, long writeOff = 10_000) =>
        new() { Currency = currency, FourEyesMinor = fourEyes, WriteOffMinor = writeOff };

    private static IEnumerable<string> Codes(ReturnPolicy policy) => PolicyRules.Check(policy, null).Select(e => $"{e.Code}@{e.Field}");

    [Fact]
    public void Limits_in_several_currencies_pass_the_guard_rails() =>
        Codes(Policy(Row("EUR", 30_000), Row("USD", 35_000), Row("GBP", 25_000))).ShouldBeEmpty();

    [Fact]
    public void A_negative_limit_an_unknown_currency_and_a_currency_twice_are_refused()
    {
        Codes(Policy(Row("EUR", -1), Row("USD", 100, -5), Row("usd", 100), Row("XYZ", 100), Row("EUR", 100))).ShouldBe(
        [
            "policy.four_eyes_negative@Threshold.0.FourEyes",
            "policy.write_off_negative@Threshold.1.WriteOff",
            "policy.threshold_currency_unknown@Threshold.2.Currency",
            "policy.threshold_currency_unknown@Threshold.3.Currency",
            "policy.threshold_currency_duplicate@Threshold.4.Currency",
        ]);
    }

    [Fact]
    public void A_copy_keeps_the_limits_and_the_history_lists_what_changed_per_currency()
    {
        var current = Policy(Row("EUR", 30_000), Row("GBP", 25_000));
        var proposed = current.CopyTerms();
        PolicyDiff.Compare(current, proposed).ShouldBeEmpty();
        proposed.ApprovalThresholds.Select(t => (t.Currency, t.FourEyesMinor, t.WriteOffMinor)).ShouldBe([("EUR", 30_000L, 10_000L), ("GBP", 25_000L, 10_000L)]);

        proposed.SetApprovalThreshold(Money.Eur(40_000));
        proposed.ApprovalThresholds.RemoveAll(t => t.Currency == "GBP");
        proposed.SetApprovalThreshold(new Money(50_000, "USD"), new Money(20_000, "USD"));

        PolicyDiff.Compare(current, proposed).Select(c => c.ToString()).ShouldBe(
        [
            new PolicyChange("Threshold.EUR.FourEyes", "€300.00", "€400.00").ToString(),
            new PolicyChange("Threshold.GBP.FourEyes", "£250.00", null).ToString(),
            new PolicyChange("Threshold.GBP.WriteOff", "£100.00", null).ToString(),
            new PolicyChange("Threshold.USD.FourEyes", null, "$500.00").ToString(),
            new PolicyChange("Threshold.USD.WriteOff", null, "$200.00").ToString(),
        ]);
    }

    [Fact]
    public void A_version_without_a_row_for_a_currency_has_no_limit_for_it()
    {
        var policy = Policy(Row("EUR", 30_000));
        policy.ApprovalThresholdFor("EUR")!.FourEyes.ShouldBe(Money.Eur(30_000));
        policy.ApprovalThresholdFor("GBP").ShouldBeNull();
    }
}
