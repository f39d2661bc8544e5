using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Orders;
using ReturnsPortal.Domain.Policies;
using ReturnsPortal.Domain.Returns;

namespace ReturnsPortal.Domain.Tests.Returns;

/// <summary>
/// The <see cref="ReturnRequest"/> aggregate on its own, without a database: its transitions (every operation against
/// every status) and its label validity (ADR 0025: one source, <see cref="ReturnRequest.LabelValidUntil"/>).
/// </summary>
public sealed class ReturnRequestTests
{
    private const string Customer = "customer@example.fr";
    private const string Decider = "decider@shop.fr";
    private const string Approver = "approver@shop.fr";
    private static readonly DateTime Start = new(2026, 3, 2, 9, 30, 0, DateTimeKind.Utc);

    /// <summary>
    /// Every operation of the aggregate, the status it moves to, and the rows of <see cref="ReturnRequest.Transitions"/>
    /// it may use: each method uses only its own rows, and together they cover the whole table.
    /// </summary>
    private static readonly Operation[] Operations =
    [
        new("Approve", ReturnStatus.Approved, [ReturnStatus.Requested], (r, at) => r.Approve(Decider, at)),
        new("MarkInTransit", ReturnStatus.InTransit, [ReturnStatus.Approved], (r, at) => r.MarkInTransit("6A1234567890", Customer, at)),
        new("Receive", ReturnStatus.Received, [ReturnStatus.Approved, ReturnStatus.InTransit], (r, at) => r.Receive(Decider, at)),
        new("CompleteInspection", ReturnStatus.Inspected, [ReturnStatus.Received], (r, at) => r.CompleteInspection(Decider, at)),
        new("SubmitDecisionForApproval", ReturnStatus.AwaitingApproval, [ReturnStatus.Inspected], (r, at) => r.SubmitDecision(true, Decider, at)),
        new("SubmitDecision", ReturnStatus.Resolved, [ReturnStatus.Inspected], (r, at) => r.SubmitDecision(false, Decider, at)),
        new("ApproveSettlement", ReturnStatus.Resolved, [ReturnStatus.AwaitingApproval], (r, at) => r.ApproveSettlement(Approver, at)),
        new("SendBackForReview", ReturnStatus.Inspected, [ReturnStatus.AwaitingApproval], (r, at) => r.SendBackForReview(Approver, "Grade B, not A", at)),
        new("Reject", ReturnStatus.Rejected, [ReturnStatus.Requested, ReturnStatus.Received, ReturnStatus.Inspected], (r, at) => r.Reject("Worn", Decider, at)),
        new("CloseAsMissing", ReturnStatus.Rejected, [ReturnStatus.Received], (r, at) => r.CloseAsMissing("Colis vide", null, Decider, at)),
        new("Close", ReturnStatus.Closed, [ReturnStatus.Resolved, ReturnStatus.Rejected], (r, at) => r.Close(Decider, at)),
        new("Cancel", ReturnStatus.Cancelled, [ReturnStatus.Requested, ReturnStatus.Approved], (r, at) => r.Cancel(Customer, at)),
        new("Expire", ReturnStatus.Expired, [ReturnStatus.Requested, ReturnStatus.Approved], (r, at) => r.Expire(at)),
        new("RenewLabel", ReturnStatus.Approved, [ReturnStatus.Expired], (r, at) => r.RenewLabel(at, Customer)),
    ];

    public static TheoryData<ReturnStatus, string> AllStatusesAndOperations()
    {
        var data = new TheoryData<ReturnStatus, string>();
        foreach (var status in Enum.GetValues<ReturnStatus>())
        {
            foreach (var operation in Operations)
            {
                data.Add(status, operation.Name);
            }
        }
        return data;
    }

    [Fact]
    public void The_operations_use_exactly_the_rows_of_the_transition_table()
    {
        var used = Operations.SelectMany(o => o.From.Select(from => (From: from, To: o.Target))).ToHashSet();
        used.Except(ReturnRequest.Transitions).ShouldBeEmpty("an operation uses a move the table does not allow");
        ReturnRequest.Transitions.Except(used).ShouldBeEmpty("a legal move has no operation");
    }

    [Fact]
    public void A_return_goes_to_the_warehouse_it_was_created_for_and_can_be_rerouted_only_before_shipping()
    {
        var order = new Order { Id = 3, Number = "CMD-1001", Email = Customer, CustomerName = "Camille Martin", Postcode = "69003" };
        var request = ReturnRequest.Create("RP-7KXM-4QHT", order, new ReturnPolicy { Id = 1, Name = "Default" },
            [new ReturnLine(1, 1, 1, null)], Resolution.Refund, ReturnMethod.DropOff, 7, 4, "fr", Customer, Start);

        request.WarehouseId.ShouldBe(4);
        request.Approve(Decider, Start);
        request.RouteTo(5);
        request.WarehouseId.ShouldBe(5);
        request.MarkInTransit("6A0000000042", Customer, Start);
        Should.Throw<DomainException>(() => request.RouteTo(4)).Code.ShouldBe("return.route_too_late");
        request.WarehouseId.ShouldBe(5);
    }

    [Fact]
    public void Every_status_can_be_reached_and_the_history_follows_the_path()
    {
        foreach (var status in Enum.GetValues<ReturnStatus>())
        {
            var request = InStatus(status);
            request.Status.ShouldBe(status);
            request.History[0].From.ShouldBeNull();
            for (var i = 1; i < request.History.Count; i++)
            {
                request.History[i].From.ShouldBe(request.History[i - 1].To);
                ReturnRequest.CanMove(request.History[i].From!.Value, request.History[i].To).ShouldBeTrue();
            }
            request.History[^1].To.ShouldBe(status);
        }
    }

    [Theory]
    [MemberData(nameof(AllStatusesAndOperations))]
    public void An_operation_succeeds_exactly_when_its_move_is_legal(ReturnStatus status, string operationName)
    {
        var operation = Operations.Single(o => o.Name == operationName);
        var request = InStatus(status);
        var historyBefore = request.History.ToList();
        var decidedBefore = request.DecidedBy;
        var at = Start.AddDays(1);

        // Legal per the state machine, through one of the rows this method owns (SendBackForReview owns
        // AwaitingApproval → Inspected, not Received → Inspected).
        var legal = ReturnRequest.CanMove(status, operation.Target) && operation.From.Contains(status);

        if (legal)
        {
            operation.Apply(request, at);
            request.Status.ShouldBe(operation.Target);
            request.History.Count.ShouldBe(historyBefore.Count + 1);
            request.History[^1].From.ShouldBe(status);
            request.History[^1].To.ShouldBe(operation.Target);
            request.History[^1].At.ShouldBe(at);
        }
        else
        {
            var ex = Should.Throw<DomainException>(() => operation.Apply(request, at));
            ex.Code.ShouldBe("return.illegal_transition");
            request.Status.ShouldBe(status);
            request.History.ShouldBe(historyBefore);
            request.DecidedBy.ShouldBe(decidedBefore);
        }
    }

    [Fact]
    public void A_move_is_recorded_with_actor_time_and_both_statuses()
    {
        var request = NewRequest();
        var at = Start.AddHours(2);

        request.Approve("agent@shop.fr", at);

        var created = request.History[0];
        created.From.ShouldBeNull();
        created.To.ShouldBe(ReturnStatus.Requested);
        created.Actor.ShouldBe(Customer);
        created.At.ShouldBe(Start);
        var approved = request.History[1];
        approved.From.ShouldBe(ReturnStatus.Requested);
        approved.To.ShouldBe(ReturnStatus.Approved);
        approved.Actor.ShouldBe("agent@shop.fr");
        approved.At.ShouldBe(at);
        approved.At.Kind.ShouldBe(DateTimeKind.Utc);
        approved.Note.ShouldBeNull();
        approved.Id.ShouldNotBe(created.Id);
    }

    [Fact]
    public void Expiry_is_recorded_as_the_system()
    {
        var request = NewRequest();
        request.Expire(Start.AddDays(30));
        request.History[^1].Actor.ShouldBe(SystemActor.Name);
    }

    [Fact]
    public void The_tracking_number_is_kept_when_the_parcel_ships()
    {
        var request = InStatus(ReturnStatus.Approved);
        request.MarkInTransit("  6A1234567890 ", Customer, Start.AddDays(1));
        request.CarrierTrackingNumber.ShouldBe("6A1234567890");
    }

    [Fact]
    public void The_decider_cannot_approve_their_own_settlement()
    {
        var request = InStatus(ReturnStatus.AwaitingApproval);
        request.DecidedBy.ShouldBe(Decider);

        var ex = Should.Throw<DomainException>(() => request.ApproveSettlement(Decider.ToUpperInvariant(), Start.AddDays(1)));

        ex.Code.ShouldBe("return.four_eyes");
        request.Status.ShouldBe(ReturnStatus.AwaitingApproval);
    }

    [Fact]
    public void Another_person_can_approve_the_settlement()
    {
        var request = InStatus(ReturnStatus.AwaitingApproval);

        request.ApproveSettlement(Approver, Start.AddDays(1));

        request.Status.ShouldBe(ReturnStatus.Resolved);
        request.History[^1].Actor.ShouldBe(Approver);
        request.DecidedBy.ShouldBe(Decider);
    }

    [Fact]
    public void The_decider_cannot_bypass_the_second_approval_by_deciding_again()
    {
        var request = InStatus(ReturnStatus.AwaitingApproval);

        Should.Throw<DomainException>(() => request.SubmitDecision(false, Decider, Start.AddDays(1)))
            .Code.ShouldBe("return.illegal_transition");
        Should.Throw<DomainException>(() => request.CompleteInspection(Decider, Start.AddDays(1)))
            .Code.ShouldBe("return.illegal_transition");
        request.Status.ShouldBe(ReturnStatus.AwaitingApproval);
    }

    [Fact]
    public void A_settlement_that_was_not_submitted_for_approval_cannot_be_approved()
    {
        var request = InStatus(ReturnStatus.Inspected);

        Should.Throw<DomainException>(() => request.ApproveSettlement(Approver, Start.AddDays(1)))
            .Code.ShouldBe("return.illegal_transition");
        request.Status.ShouldBe(ReturnStatus.Inspected);
    }

    [Fact]
    public void Sending_back_returns_to_inspected_with_the_note()
    {
        var request = InStatus(ReturnStatus.AwaitingApproval);

        request.SendBackForReview(Approver, "Grade B, not A", Start.AddDays(1));

        request.Status.ShouldBe(ReturnStatus.Inspected);
        request.History[^1].From.ShouldBe(ReturnStatus.AwaitingApproval);
        request.History[^1].Note.ShouldBe("Grade B, not A");
        request.History[^1].Actor.ShouldBe(Approver);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Sending_back_needs_a_note(string note)
    {
        var request = InStatus(ReturnStatus.AwaitingApproval);
        var count = request.History.Count;

        Should.Throw<DomainException>(() => request.SendBackForReview(Approver, note, Start.AddDays(1)))
            .Code.ShouldBe("return.note_required");

        request.Status.ShouldBe(ReturnStatus.AwaitingApproval);
        request.History.Count.ShouldBe(count);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void Rejecting_needs_a_reason(string reason)
    {
        var request = NewRequest();

        Should.Throw<DomainException>(() => request.Reject(reason, Decider, Start.AddDays(1)))
            .Code.ShouldBe("return.note_required");

        request.Status.ShouldBe(ReturnStatus.Requested);
        request.History.Count.ShouldBe(1);
    }

    [Fact]
    public void Rejecting_keeps_the_reason_in_the_history()
    {
        var request = InStatus(ReturnStatus.Inspected);
        request.Reject("Worn and washed", Decider, Start.AddDays(1));
        request.Status.ShouldBe(ReturnStatus.Rejected);
        request.History[^1].Note.ShouldBe("Worn and washed");
    }

    [Fact]
    public void Create_starts_requested_with_one_history_entry()
    {
        var request = NewRequest();

        request.Status.ShouldBe(ReturnStatus.Requested);
        request.Lines.Count.ShouldBe(1);
        request.History.Count.ShouldBe(1);
        request.DropOffPointId.ShouldBe(7);
        request.Language.ShouldBe("fr");
        request.IsFinished.ShouldBeFalse();
    }

    [Fact]
    public void Create_refuses_a_return_without_lines() =>
        Should.Throw<DomainException>(() => NewRequest(lines: [])).Code.ShouldBe("return.no_lines");

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Create_refuses_a_quantity_below_one(int quantity) =>
        Should.Throw<DomainException>(() => NewRequest(lines: [new ReturnLine(1, 1, 1, null), new ReturnLine(2, quantity, 1, null)]))
            .Code.ShouldBe("return.quantity");

    [Theory]
    [InlineData(Resolution.Refund)]
    [InlineData(Resolution.StoreCredit)]
    [InlineData(Resolution.Exchange)]
    public void Create_refuses_a_resolution_the_policy_disallows(Resolution resolution)
    {
        var policy = new ReturnPolicy
        {
            Name = "Strict",
            AllowRefund = resolution != Resolution.Refund,
            AllowStoreCredit = resolution != Resolution.StoreCredit,
            AllowExchange = resolution != Resolution.Exchange,
        };

        Should.Throw<DomainException>(() => NewRequest(policy: policy, resolution: resolution))
            .Code.ShouldBe("return.resolution_not_allowed");
    }

    [Fact]
    public void Create_refuses_a_drop_off_without_a_point() =>
        Should.Throw<DomainException>(() => NewRequest(method: ReturnMethod.DropOff, dropOffPointId: null))
            .Code.ShouldBe("return.dropoff_required");

    [Fact]
    public void Create_ignores_a_drop_off_point_for_other_methods() =>
        NewRequest(method: ReturnMethod.Pickup, dropOffPointId: 7).DropOffPointId.ShouldBeNull();

    [Theory]
    [InlineData(DateTimeKind.Local)]
    [InlineData(DateTimeKind.Unspecified)]
    public void Create_refuses_a_time_that_is_not_utc(DateTimeKind kind) =>
        Should.Throw<ArgumentException>(() => NewRequest(at: DateTime.SpecifyKind(Start, kind)));

    [Theory]
    [InlineData(DateTimeKind.Local)]
    [InlineData(DateTimeKind.Unspecified)]
    public void A_move_refuses_a_time_that_is_not_utc(DateTimeKind kind)
    {
        var request = NewRequest();

        Should.Throw<ArgumentException>(() => request.Approve(Decider, DateTime.SpecifyKind(Start.AddHours(1), kind)));

        request.Status.ShouldBe(ReturnStatus.Requested);
        request.History.Count.ShouldBe(1);
    }

    /// <summary>A request brought to <paramref name="status"/> through legal moves only.</summary>
    private static ReturnRequest InStatus(ReturnStatus status)
    {
        var request = NewRequest();
        var at = Start;
        foreach (var step in PathTo(status))
        {
            at = at.AddHours(1);
            step(request, at);
        }
        return request;
    }

    private static Action<ReturnRequest, DateTime>[] PathTo(ReturnStatus status)
    {
        Action<ReturnRequest, DateTime> approve = (r, at) => r.Approve(Decider, at);
        Action<ReturnRequest, DateTime> ship = (r, at) => r.MarkInTransit(null, Customer, at);
        Action<ReturnRequest, DateTime> receive = (r, at) => r.Receive(Decider, at);
        Action<ReturnRequest, DateTime> inspect = (r, at) => r.CompleteInspection(Decider, at);
        Action<ReturnRequest, DateTime> resolve = (r, at) => r.SubmitDecision(false, Decider, at);
        Action<ReturnRequest, DateTime>[] toInspected = [approve, ship, receive, inspect];
        return status switch
        {
            ReturnStatus.Requested => [],
            ReturnStatus.Approved => [approve],
            ReturnStatus.InTransit => [approve, ship],
            ReturnStatus.Received => [approve, ship, receive],
            ReturnStatus.Inspected => toInspected,
            ReturnStatus.AwaitingApproval => [.. toInspected, (r, at) => r.SubmitDecision(true, Decider, at)],
            ReturnStatus.Resolved => [.. toInspected, resolve],
            ReturnStatus.Closed => [.. toInspected, resolve, (r, at) => r.Close(Decider, at)],
            ReturnStatus.Rejected => [(r, at) => r.Reject("Outside the window", Decider, at)],
            ReturnStatus.Cancelled => [(r, at) => r.Cancel(Customer, at)],
            ReturnStatus.Expired => [approve, (r, at) => r.Expire(at)],
            _ => throw new ArgumentOutOfRangeException(nameof(status)),
        };
    }

    private static ReturnRequest NewRequest(
        ReturnLine[]? lines = null, ReturnPolicy? policy = null, Resolution resolution = Resolution.Refund,
        ReturnMethod method = ReturnMethod.DropOff, int? dropOffPointId = 7, DateTime? at = null)
    {
        var order = new Order { Id = 3, Number = "CMD-1001", Email = Customer, CustomerName = "Camille Martin", Postcode = "69003" };
        return ReturnRequest.Create(
            "RP-7KXM-4QHT", order, policy ?? new ReturnPolicy { Id = 1, Name = "Default" },
            lines ?? [new ReturnLine(1, 1, 1, "Too small")], resolution, method, dropOffPointId, 1, "fr", Customer, at ?? Start);
    }

    private sealed record Operation(string Name, ReturnStatus Target, ReturnStatus[] From, Action<ReturnRequest, DateTime> Apply);

    // The label (ADR 0025): validity set at approval, renewed after expiry.

    [Fact]
    public void Approval_sets_the_label_validity_from_the_policy_version()
    {
        var request = NewRequestWithLabelDays(labelDays: 21);
        request.LabelValidUntil.ShouldBeNull("no label before approval");
        request.Approve("agent", Start.AddHours(3));
        request.LabelValidUntil.ShouldBe(Start.AddHours(3).AddDays(21));
    }

    [Fact]
    public void A_lapsed_label_is_renewed_from_now_for_the_policy_version_days()
    {
        var request = NewRequestWithLabelDays(labelDays: 10);
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
        var request = NewRequestWithLabelDays(labelDays: 10);
        request.Expire(Start.AddDays(3));
        Should.Throw<DomainException>(() => request.RenewLabel(Start.AddDays(4), "customer")).Code.ShouldBe("return.renew_no_label");
        request.Status.ShouldBe(ReturnStatus.Expired);
    }

    [Fact]
    public void An_exchange_is_not_renewed_because_its_replacement_went_back_to_stock()
    {
        var request = NewRequestWithLabelDays(labelDays: 10, resolution: Resolution.Exchange);
        request.Approve("agent", Start);
        request.Expire(Start.AddDays(10));
        Should.Throw<DomainException>(() => request.RenewLabel(Start.AddDays(11), "customer")).Code.ShouldBe("return.renew_exchange");
        request.Status.ShouldBe(ReturnStatus.Expired);
    }

    [Fact]
    public void A_valid_label_is_not_renewed_and_renewing_twice_fails()
    {
        var request = NewRequestWithLabelDays(labelDays: 10);
        request.Approve("agent", Start);
        Should.Throw<DomainException>(() => request.RenewLabel(Start.AddDays(1), "customer")).Code.ShouldBe("return.illegal_transition");
        request.Expire(Start.AddDays(10));
        request.RenewLabel(Start.AddDays(12), "customer");
        Should.Throw<DomainException>(() => request.RenewLabel(Start.AddDays(12), "customer")).Code.ShouldBe("return.illegal_transition");
        request.LabelValidUntil.ShouldBe(Start.AddDays(22));
    }

    private static ReturnRequest NewRequestWithLabelDays(int labelDays, Resolution resolution = Resolution.Refund)
    {
        var order = new Order { Id = 3, Number = "CMD-1001", Email = "c@example.fr", CustomerName = "Camille Martin", Postcode = "69003" };
        var policy = new ReturnPolicy { Id = 1, Name = "Default", LabelValidityDays = labelDays, AllowExchange = true };
        return ReturnRequest.Create("RP-7KXM-4QHT", order, policy, [new ReturnLine(1, 1, 1, null)], resolution,
            ReturnMethod.DropOff, 7, 1, "fr", "customer", Start);
    }
}
