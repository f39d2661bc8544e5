using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Pages.Staff.Returns;

public sealed class DetailCreditCodeTests_Sqlite(SqlitePortalFactory factory) : DetailCreditCodeTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class DetailCreditCodeTests_Postgres(PostgresPortalFactory factory) : DetailCreditCodeTests(factory), IClassFixture<PostgresPortalFactory>;

/// <summary>The store-credit code on a return's page (ADR 0124): a bearer secret, masked but for its last 4 characters below Agent.</summary>
public abstract class DetailCreditCodeTests(PortalFactory factory)
{
    [Theory]
    [InlineData("inspector@example.fr", false)]
    [InlineData("agent@example.fr", true)]
    [InlineData("manager@example.fr", true)]
    [InlineData("admin@example.fr", true)]
    public async Task The_code_is_shown_in_full_from_Agent_up_and_masked_below(string staff, bool full)
    {
        var (rma, code) = await ReturnWithStoreCreditAsync(factory);
        var client = await factory.SignedInAsync(staff);

        var page = await client.GetDocumentAsync($"/staff/returns/{rma}");

        var shown = page.QuerySelector("#credit-code").Text();
        if (full)
        {
            shown.ShouldBe(code);
        }
        else
        {
            shown.ShouldBe("••••-••••-••••-" + code[^4..]);
            page.DocumentElement.OuterHtml.ShouldNotContain(code[..14]);
        }
    }

    /// <summary>A seeded return whose customer holds a store-credit account, and the account's code.</summary>
    internal static Task<(string Rma, string Code)> ReturnWithStoreCreditAsync(PortalFactory factory) => factory.WithScopeAsync(async sp =>
    {
        var db = sp.GetRequiredService<ReturnsDbContext>();
        var row = await (from a in db.StoreCreditAccounts.AsNoTracking()
                         join r in db.Returns on a.CustomerEmail equals r.Order!.Email
                         orderby r.Rma
                         select new { r.Rma, a.Code }).FirstAsync();
        return (row.Rma, row.Code);
    });
}
