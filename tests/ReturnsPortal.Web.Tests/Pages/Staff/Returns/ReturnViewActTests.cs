using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Web.Pages.Staff.Returns;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Pages.Staff.Returns;

public sealed class ReturnViewActTests_Sqlite(SqlitePortalFactory factory) : ReturnViewActTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class ReturnViewActTests_Postgres(PostgresPortalFactory factory) : ReturnViewActTests(factory), IClassFixture<PostgresPortalFactory>;

/// <summary>
/// <see cref="ReturnView.ActAsync(ReturnsDbContext, string, int, ModelStateDictionary, IStringLocalizer, Func{ReturnRequest, Task}, CancellationToken)"/>,
/// the one way the staff pages act on a return: what each outcome leaves in the model state, the tracker and the database.
/// </summary>
public abstract class ReturnViewActTests(PortalFactory factory)
{
    private static readonly DateTime Now = DateTime.UtcNow;

    private Task<T> ActAsync<T>(string rma, Func<ReturnsDbContext, int, IStringLocalizer, ModelStateDictionary, Task<T>> run) =>
        factory.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ReturnsDbContext>();
            var version = await db.Returns.Where(r => r.Rma == rma).Select(r => r.Version).SingleAsync();
            return await run(db, version, sp.GetRequiredService<IStringLocalizer<SharedResource>>(), new ModelStateDictionary());
        });

    [Fact]
    public async Task An_act_that_passes_is_saved()
    {
        var (rma, _, _) = await TestReturns.ReturnAsync(factory, ReturnStatus.Requested);

        var saved = await ActAsync(rma, async (db, version, l, state) =>
            (await ReturnView.ActAsync(db, rma, version, state, l, r => r.Approve("test", Now), default)).Saved);

        saved.ShouldBeTrue();
        (await factory.StatusAsync(rma)).ShouldBe(ReturnStatus.Approved);
    }

    [Fact]
    public async Task An_unknown_return_is_not_found_and_the_act_does_not_run()
    {
        var ran = false;
        var notFound = await ActAsync((await TestReturns.ReturnAsync(factory, ReturnStatus.Approved)).Rma, async (db, version, l, state) =>
            (await ReturnView.ActAsync(db, "RMA-NONE-0000", version, state, l, _ => ran = true, default)).NotFound);

        notFound.ShouldBeTrue();
        ran.ShouldBeFalse();
    }

    [Fact]
    public async Task A_form_read_before_a_colleagues_change_says_so_and_does_not_act()
    {
        var (rma, _, _) = await TestReturns.ReturnAsync(factory, ReturnStatus.Approved);
        var ran = false;

        var (saved, error, expected) = await ActAsync(rma, async (db, version, l, state) =>
        {
            var result = await ReturnView.ActAsync(db, rma, version - 1, state, l, _ => ran = true, default);
            return (result.Saved, state[""]!.Errors.Single().ErrorMessage, l["Wh.ChangedByColleague"].Value);
        });

        saved.ShouldBeFalse();
        ran.ShouldBeFalse();
        error.ShouldBe(expected);
    }

    [Fact]
    public async Task A_refused_act_saves_nothing_and_leaves_nothing_tracked()
    {
        var (rma, _, _) = await TestReturns.ReturnAsync(factory, ReturnStatus.Approved);

        var (saved, errors, tracked) = await ActAsync(rma, async (db, version, l, state) =>
        {
            // Approving an approved return: the domain refuses.
            var result = await ReturnView.ActAsync(db, rma, version, state, l, r => r.Approve("test", Now), default);
            return (result.Saved, state.ErrorCount, db.ChangeTracker.Entries().Count());
        });

        saved.ShouldBeFalse();
        errors.ShouldBe(1);
        tracked.ShouldBe(0);
        (await factory.StatusAsync(rma)).ShouldBe(ReturnStatus.Approved);
    }

    [Fact]
    public async Task An_act_that_adds_a_model_error_is_refused_even_after_changing_the_return()
    {
        var (rma, _, _) = await TestReturns.ReturnAsync(factory, ReturnStatus.Requested);

        var (saved, tracked) = await ActAsync(rma, async (db, version, l, state) =>
        {
            var result = await ReturnView.ActAsync(db, rma, version, state, l, r =>
            {
                r.Approve("test", Now);
                state.AddModelError("Form.Note", "refused by the page");
            }, default);
            return (result.Saved, db.ChangeTracker.Entries().Count());
        });

        saved.ShouldBeFalse();
        tracked.ShouldBe(0);
        (await factory.StatusAsync(rma)).ShouldBe(ReturnStatus.Requested);
    }
}
