using Microsoft.EntityFrameworkCore;
using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Orders;
using ReturnsPortal.Domain.Policies;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Domain.Tests.Infrastructure;

namespace ReturnsPortal.Domain.Tests.Policies;

/// <summary>The conditions checklist as a term of the policy version: each item on/off and required or not (ADR 0086).</summary>
public sealed class ChecklistTermsRulesTests
{
    private static ReturnPolicy Policy()
    {
        var policy = new ReturnPolicy { Name = "P", ApprovalThresholds = { new() { Currency = Money.Euro, FourEyesMinor = 1, WriteOffMinor = 1 } } };
        policy.AddChecklistItem("original_packaging", "Emballage d'origine", "Original packaging");
        policy.AddChecklistItem("tags_attached", "Étiquettes attachées", "Tags attached", isRequired: true);
        return policy;
    }

    [Fact]
    public void An_added_item_is_enabled_after_the_others_with_trimmed_labels()
    {
        var policy = Policy();
        var item = policy.AddChecklistItem(" accessories ", "  Accessoires ", "Accessories  ");

        (item.Code, item.LabelFr, item.LabelEn, item.IsEnabled, item.IsRequired).ShouldBe(("accessories", "Accessoires", "Accessories", true, false));
        item.SortOrder.ShouldBeGreaterThan(policy.Checklist.Where(c => c != item).Max(c => c.SortOrder));
        PolicyRules.Check(policy, null).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("")]
    [InlineData("Tags")]
    [InlineData("tags-attached")]
    [InlineData("a b")]
    [InlineData("x0123456789012345678901234567890123456789")]
    public void A_code_that_is_not_1_to_40_lower_case_letters_digits_or_underscores_is_refused(string code)
    {
        var policy = Policy();
        Should.Throw<DomainException>(() => policy.AddChecklistItem(code, "Libellé", "Label")).Code.ShouldBe("policy.checklist_code");
        policy.Checklist.Count.ShouldBe(2, "nothing was added");
    }

    [Fact]
    public void A_code_is_unique_in_the_version()
    {
        var policy = Policy();
        Should.Throw<DomainException>(() => policy.AddChecklistItem("tags_attached", "Autre", "Other")).Code.ShouldBe("policy.checklist_code_duplicate");

        policy.Checklist.Add(new PolicyChecklistItem { Code = "tags_attached", LabelFr = "Doublon", LabelEn = "Duplicate" });
        PolicyRules.Check(policy, null).ShouldBe([new PolicyError("policy.checklist_code_duplicate", "Checklist.2.Code")]);
    }

    [Theory]
    [InlineData("", "Label")]
    [InlineData("Libellé", "   ")]
    [InlineData("Libellé", null)]
    public void Both_labels_are_required_and_a_refused_rename_changes_nothing(string? fr, string? en)
    {
        var policy = Policy();
        var item = policy.Checklist[0];
        Should.Throw<DomainException>(() => item.Rename(fr!, en!)).Code.ShouldBe("policy.checklist_label");
        (item.LabelFr, item.LabelEn).ShouldBe(("Emballage d'origine", "Original packaging"));
        Should.Throw<DomainException>(() => policy.AddChecklistItem("new_item", fr!, en!)).Code.ShouldBe("policy.checklist_label");
    }

    [Fact]
    public void A_label_is_at_most_200_characters()
    {
        var item = Policy().Checklist[0];
        item.Rename(new string('a', 200), "Box");
        item.LabelFr.Length.ShouldBe(200);
        Should.Throw<DomainException>(() => item.Rename(new string('a', 201), "Box")).Code.ShouldBe("policy.checklist_label");

        item.LabelEn = new string('b', 201);
        PolicyRules.Check(new ReturnPolicy { Name = "P", ApprovalThresholds = { new() { Currency = Money.Euro, FourEyesMinor = 1, WriteOffMinor = 1 } }, Checklist = { item } }, null)
            .ShouldBe([new PolicyError("policy.checklist_label", "Checklist.0.LabelEn")]);
    }

    [Fact]
    public void A_disabled_item_cannot_be_required()
    {
        var policy = Policy();
        var tags = policy.Checklist[1];
        Should.Throw<DomainException>(() => tags.SetState(isEnabled: false, isRequired: true)).Code.ShouldBe("policy.checklist_required_disabled");
        (tags.IsEnabled, tags.IsRequired).ShouldBe((true, true), "a refused change changes nothing");
        Should.Throw<DomainException>(() => policy.AddChecklistItem("box", "Boîte", "Box", isEnabled: false, isRequired: true))
            .Code.ShouldBe("policy.checklist_required_disabled");

        tags.SetState(isEnabled: false, isRequired: false);
        (tags.IsEnabled, tags.IsRequired).ShouldBe((false, false));
        policy.EnabledChecklist().Select(c => c.Code).ShouldBe(["original_packaging"]);

        tags.IsRequired = true;
        PolicyRules.Check(policy, null).ShouldBe([new PolicyError("policy.checklist_required_disabled", "Checklist.1.IsRequired")]);
    }

    [Fact]
    public void Reordering_puts_the_listed_codes_first_in_their_order()
    {
        var policy = Policy();
        policy.AddChecklistItem("proof", "Preuve", "Proof");
        policy.ReorderChecklist(["proof", "original_packaging"]);

        policy.Checklist.OrderBy(c => c.SortOrder).Select(c => c.Code).ShouldBe(["proof", "original_packaging", "tags_attached"]);
    }

    [Fact]
    public void The_state_is_copied_to_the_next_version_and_each_change_is_in_the_summary()
    {
        var current = Policy();
        var proposed = current.CopyTerms();
        proposed.Checklist.Select(c => (c.Code, c.IsEnabled, c.IsRequired)).ShouldBe([("original_packaging", true, false), ("tags_attached", true, true)]);

        proposed.Checklist[0].SetState(isEnabled: false, isRequired: false);
        proposed.Checklist[1].Rename("Étiquettes d'origine", "Original tags");
        proposed.AddChecklistItem("proof", "Preuve d'achat", "Proof of purchase", isRequired: true);
        proposed.ReorderChecklist(["tags_attached", "original_packaging"]);

        PolicyDiff.Compare(current, proposed).Select(c => c.ToString()).ShouldBe([
            "Checklist.original_packaging.IsEnabled: True → False",
            "Checklist.proof.Label: — → Preuve d'achat / Proof of purchase",
            "Checklist.proof.IsEnabled: — → True",
            "Checklist.proof.IsRequired: — → True",
            "Checklist.tags_attached.Label: Étiquettes attachées / Tags attached → Étiquettes d'origine / Original tags",
            "Checklist.Order: original_packaging, tags_attached → tags_attached, original_packaging",
        ]);
        PolicyDiff.Compare(current, current.CopyTerms()).ShouldBeEmpty();
    }

    [Fact]
    public void Publishing_refuses_a_disabled_required_item()
    {
        var current = Policy();
        current.IsDefault = true;
        var proposed = current.CopyTerms();
        proposed.Checklist[1].IsEnabled = false;

        Should.Throw<PolicyRulesException>(() => PolicyVersions.Publish(current, proposed, "manager", null, DateTime.UtcNow, null))
            .Errors.ShouldContain(new PolicyError("policy.checklist_required_disabled", "Checklist.1.IsRequired"));
    }
}

/// <summary>Inspection under the version's checklist: a disabled item is refused, a required one must be answered, a "no" is recorded.</summary>
public sealed class ChecklistInspectionTests
{
    private static (ReturnRequest Request, int LineId) Received()
    {
        var policy = new ReturnPolicy { Id = 1, Name = "P", ApprovalThresholds = { new() { Currency = Money.Euro, FourEyesMinor = 1, WriteOffMinor = 1 } } };
        policy.AddChecklistItem("original_packaging", "Emballage", "Packaging");
        policy.AddChecklistItem("tags_attached", "Étiquettes", "Tags", isRequired: true);
        policy.AddChecklistItem("proof", "Preuve", "Proof").SetState(isEnabled: false, isRequired: false);
        var order = new Order { Id = 1, Number = "CMD-1", Email = "a@b.fr", CustomerName = "A", Postcode = "69003" };
        var request = ReturnRequest.Create("RP-7KXM-4QHT", order, policy, [new ReturnLine(1, 1, 1, null)],
            Resolution.Refund, ReturnMethod.DropOff, 1, 1, "fr", "customer", DateTime.UtcNow);
        request.Approve("agent", DateTime.UtcNow);
        request.MarkInTransit("6A0000000042", "customer", DateTime.UtcNow);
        var lineId = request.Lines.Single().Id;
        request.Receive([new LineReceipt(lineId, ReceiptOutcome.Received, 1)], "inspector", DateTime.UtcNow);
        return (request, lineId);
    }

    private static LineInspection Inspection(int lineId, string[] passed, string[]? failed) =>
        new(lineId, ItemGrade.B, passed, SerialCheck.NotApplicable, null, failed);

    [Fact]
    public void A_required_item_left_unanswered_is_refused_and_nothing_is_recorded()
    {
        var (request, lineId) = Received();
        Should.Throw<DomainException>(() => request.InspectLine(Inspection(lineId, ["original_packaging"], []), "inspector", DateTime.UtcNow))
            .Code.ShouldBe("inspect.checklist_unanswered");
        request.Lines.Single().Grade.ShouldBeNull();
        request.Status.ShouldBe(ReturnStatus.Received);
    }

    [Fact]
    public void A_required_item_answered_no_is_recorded_the_inspector_records_reality()
    {
        var (request, lineId) = Received();
        request.InspectLine(Inspection(lineId, ["original_packaging"], ["tags_attached"]), "inspector", DateTime.UtcNow);

        request.Lines.Single().ChecklistPassed.ShouldBe("original_packaging");
        request.Status.ShouldBe(ReturnStatus.Inspected);
    }

    [Fact]
    public void A_required_item_answered_yes_counts_as_passed()
    {
        var (request, lineId) = Received();
        request.InspectLine(Inspection(lineId, ["tags_attached"], []), "inspector", DateTime.UtcNow);
        request.Lines.Single().ChecklistPassed.ShouldBe("tags_attached");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_disabled_item_is_refused_whether_passed_or_failed(bool passed)
    {
        var (request, lineId) = Received();
        var inspection = passed ? Inspection(lineId, ["proof", "tags_attached"], []) : Inspection(lineId, ["tags_attached"], ["proof"]);
        Should.Throw<DomainException>(() => request.InspectLine(inspection, "inspector", DateTime.UtcNow)).Code.ShouldBe("inspect.checklist_disabled");
        request.Lines.Single().Grade.ShouldBeNull();
    }

    [Fact]
    public void An_item_both_passed_and_failed_or_unknown_in_the_failed_list_is_refused()
    {
        var (request, lineId) = Received();
        Should.Throw<DomainException>(() => request.InspectLine(Inspection(lineId, ["tags_attached"], ["tags_attached"]), "inspector", DateTime.UtcNow))
            .Code.ShouldBe("inspect.checklist");
        Should.Throw<DomainException>(() => request.InspectLine(Inspection(lineId, ["tags_attached"], ["nope"]), "inspector", DateTime.UtcNow))
            .Code.ShouldBe("inspect.checklist");
    }

    [Fact]
    public void A_caller_giving_only_what_passed_is_not_asked_for_answers()
    {
        var (request, lineId) = Received();
        request.InspectLine(Inspection(lineId, [], null), "inspector", DateTime.UtcNow);
        request.Lines.Single().ChecklistPassed.ShouldBe("");
    }
}

public sealed class ChecklistTermsTests_Sqlite(SqliteTestDatabase db) : ChecklistTermsTests(db), IClassFixture<SqliteTestDatabase>;

public sealed class ChecklistTermsTests_Postgres(PostgresTestDatabase db) : ChecklistTermsTests(db), IClassFixture<PostgresTestDatabase>;

/// <summary>Saved: a return made under version N keeps N's checklist after N+1 changes it (ADR 0080, 0086).</summary>
public abstract class ChecklistTermsTests(TestDatabase database)
{
    private readonly FakeClock clock = new();

    private DateTime Now => clock.UtcDateTime;

    [Fact]
    public async Task A_return_made_under_version_N_keeps_its_checklist_after_version_N_plus_1_changes_it()
    {
        ReturnGraph graph;
        string rma;
        await using (var db = database.CreateContext(clock))
        {
            graph = await TestData.InsertReturnGraphAsync(db, clock);
            var policy = await db.Policies.Include(p => p.Checklist).SingleAsync(p => p.Id == graph.Policy.Id);
            policy.AddChecklistItem("original_packaging", "Emballage d'origine", "Original packaging");
            policy.AddChecklistItem("tags_attached", "Étiquettes attachées", "Tags attached");
            await db.SaveChangesAsync();
            var request = await graph.NewReturnAsync(db, "customer", Now);
            request.Approve("agent", Now);
            request.MarkInTransit("6A0000000042", "customer", Now);
            db.Returns.Add(request);
            await db.SaveChangesAsync();
            rma = request.Rma;
        }

        int nextId;
        await using (var db = database.CreateContext(clock))
        {
            var current = await db.Policies.WithTerms().SingleAsync(p => p.Id == graph.Policy.Id);
            var proposed = current.CopyTerms();
            proposed.Checklist.Single(c => c.Code == "original_packaging").SetState(isEnabled: false, isRequired: false);
            proposed.Checklist.Single(c => c.Code == "tags_attached").SetState(isEnabled: true, isRequired: true);
            var next = PolicyVersions.Publish(current, proposed, "manager@shop.fr", null, Now, null);
            db.Policies.Add(next);
            await db.SaveChangesAsync();
            nextId = next.Id;
        }

        await using (var db = database.CreateContext(clock))
        {
            var next = await db.Policies.AsNoTracking().Include(p => p.Checklist).SingleAsync(p => p.Id == nextId);
            next.Checklist.OrderBy(c => c.SortOrder).Select(c => (c.Code, c.IsEnabled, c.IsRequired))
                .ShouldBe([("original_packaging", false, false), ("tags_attached", true, true)]);
            next.ChangeSummary!.ShouldContain("Checklist.tags_attached.IsRequired: False → True");

            var request = await db.Returns.ForWarehouse().SingleAsync(r => r.Rma == rma);
            request.Policy!.Checklist.OrderBy(c => c.SortOrder).Select(c => (c.Code, c.IsEnabled, c.IsRequired))
                .ShouldBe([("original_packaging", true, false), ("tags_attached", true, false)], "version N's checklist, not N+1's");
            var line = request.Lines.Single();
            request.Receive([new LineReceipt(line.Id, ReceiptOutcome.Received, 1)], "inspector", Now);
            // Under N the packaging is still checked and the tags are optional: no answer needed for them.
            request.InspectLine(new LineInspection(line.Id, ItemGrade.A, ["original_packaging"], SerialCheck.NotApplicable, null, []), "inspector", Now);
            await db.SaveChangesAsync();
        }

        await using (var db = database.CreateContext(clock))
        {
            (await db.ReturnLines.Where(l => db.Returns.Any(r => r.Rma == rma && r.Id == l.ReturnRequestId)).Select(l => l.ChecklistPassed).SingleAsync())
                .ShouldBe("original_packaging");
        }
    }
}
