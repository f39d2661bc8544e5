using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Orders;
using ReturnsPortal.Domain.Policies;
using ReturnsPortal.Domain.Returns;

namespace ReturnsPortal.Domain.Tests.Returns;

/// <summary>The label's validity has one source, <see cref="ReturnRequest.LabelValidUntil"/> (ADR 0025).</summary>
public sealed class LabelRenewalTests
{
    private static readonly DateTime Start = new(2026, 3, 2, 9, 30, 0, DateTimeKind.Utc);

    [Fact]
    public void Approval_sets_the_label_validity_from_the_policy_version()
    {
        var request = NewRequest(labelDays: 21);
        request.LabelValidUntil.ShouldBeNull("no label before approval");
        request.Approve("agent", Start.AddHours(3));
        request.LabelValidUntil.ShouldBe(Start.AddHours(3).AddDays(21));
    }

    [Fact]
    public void A_lapsed_label_is_renewed_from_now_for_the_policy_version_days()
    {
        var request = NewRequest(labelDays: 10);
        request.Approve("agent", Start);
        request.Expire(Start.AddDays(10));
        var now = Start.AddDays(40);

        request.RenewLabel(now, "customer");

        request.Status.ShouldBe(ReturnStatus.Approved);
        request.LabelValidUntil.ShouldBe(now.AddDays(10));
        request.History[^1].From.ShouldBe(ReturnStatus.Expired);
        request.History[^1].Note.ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public void A_return_that_expired_before_approval_has_no_label_to_renew()
    {
        var request = NewRequest(labelDays: 10);
        request.Expire(Start.AddDays(3));
        Should.Throw<DomainException>(() => request.RenewLabel(Start.AddDays(4), "customer")).Code.ShouldBe("return.renew_no_label");
        request.Status.ShouldBe(ReturnStatus.Expired);
    }

    [Fact]
    public void An_exchange_is_not_renewed_because_its_replacement_went_back_to_stock()
    {
        var request = NewRequest(labelDays: 10, resolution: Resolution.Exchange);
        request.Approve("agent", Start);
        request.Expire(Start.AddDays(10));
        Should.Throw<DomainException>(() => request.RenewLabel(Start.AddDays(11), "customer")).Code.ShouldBe("return.renew_exchange");
        request.Status.ShouldBe(ReturnStatus.Expired);
    }

    [Fact]
    public void A_valid_label_is_not_renewed_and_renewing_twice_fails()
    {
        var request = NewRequest(labelDays: 10);
        request.Approve("agent", Start);
        Should.Throw<DomainException>(() => request.RenewLabel(Start.AddDays(1), "customer")).Code.ShouldBe("return.illegal_transition");
        request.Expire(Start.AddDays(10));
        request.RenewLabel(Start.AddDays(12), "customer");
        Should.Throw<DomainException>(() => request.RenewLabel(Start.AddDays(12), "customer")).Code.ShouldBe("return.illegal_transition");
        request.LabelValidUntil.ShouldBe(Start.AddDays(22));
    }

    private static ReturnRequest NewRequest(int labelDays, Resolution resolution = Resolution.Refund)
    {
        var order = new Order { Id = 3, Number = "CMD-1001", Email = "c@example.fr", CustomerName = "Camille Martin", Postcode = "69003" };
        var policy = new ReturnPolicy { Id = 1, Name = "Default", LabelValidityDays = labelDays, AllowExchange = true };
        return ReturnRequest.Create("RP-7KXM-4QHT", order, policy, [new ReturnLine(1, 1, 1, null)], resolution,
            ReturnMethod.DropOff, 7, "fr", "customer", Start);
    }
}
