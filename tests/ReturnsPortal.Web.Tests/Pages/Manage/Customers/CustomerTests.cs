using System.IO.Compression;
using System.Net;
using Microsoft.EntityFrameworkCore;
using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Customers;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Pages.Manage.Customers;

public sealed class CustomerTests_Sqlite(SqlitePortalFactory factory) : CustomerTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class CustomerTests_Postgres(PostgresPortalFactory factory) : CustomerTests(factory), IClassFixture<PostgresPortalFactory>;

/// <summary>/manage/customers and /manage/customers/{email}: a customer's export and erasure by an Admin (ADR 0127).</summary>
public abstract class CustomerTests(PortalFactory factory)
{
    [Fact]
    public async Task The_search_form_opens_the_customer_page_of_the_typed_email_whatever_its_case_and_spaces()
    {
        var history = await PrivacySteps.CustomerWithHistoryAsync(factory);
        var admin = await factory.SignedInAsync("admin@example.fr");
        var search = await admin.GetDocumentAsync("/manage/customers");
        search.QuerySelector("#nav-customers").ShouldNotBeNull("the managers' navigation leads to the page");

        using var response = await admin.GetAsync(new Uri("/manage/customers?Email=" + Uri.EscapeDataString(PrivacySteps.Typed(history.Email)), UriKind.Relative));

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldBe("/manage/customers/" + Uri.EscapeDataString(history.Email));
        var page = await admin.GetDocumentAsync(response.Headers.Location.OriginalString);
        page.QuerySelector("#customer-orders").Text().ShouldBe(history.OrderNumber);
        page.QuerySelector("#customer-returns").Text().ShouldContain(history.Rma);
    }

    [Fact]
    public async Task A_search_for_something_that_is_not_an_email_says_so()
    {
        var admin = await factory.SignedInAsync("admin@example.fr");

        using var response = await admin.GetAsync(new Uri("/manage/customers?Email=pas-un-email", UriKind.Relative));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.ReadDocumentAsync()).QuerySelector("#error-summary").Text().ShouldContain("Saisissez une adresse e-mail");
    }

    [Fact]
    public async Task An_email_with_nothing_held_says_so_and_offers_no_export_nor_erasure()
    {
        var admin = await factory.SignedInAsync("admin@example.fr");

        var page = await admin.GetDocumentAsync("/manage/customers/" + Uri.EscapeDataString($"personne-{Guid.NewGuid():N}@example.fr"));

        page.QuerySelector("#customer-nothing").Text().ShouldBe("Aucune donnée n'est conservée pour cet e-mail.");
        page.QuerySelector("#customer-export").ShouldBeNull();
        page.QuerySelector("#customer-erase").ShouldBeNull();
    }

    [Theory]
    [InlineData("manager@example.fr")]
    [InlineData("agent@example.fr")]
    public async Task Only_admins_reach_the_customer_pages(string staff)
    {
        var history = await PrivacySteps.CustomerWithHistoryAsync(factory);
        var client = await factory.SignedInAsync(staff);

        foreach (var url in new[] { "/manage/customers", "/manage/customers/" + Uri.EscapeDataString(history.Email) + "?handler=Export" })
        {
            using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
            response.StatusCode.ShouldBeOneOf(HttpStatusCode.Forbidden, HttpStatusCode.Redirect);
            if (response.StatusCode == HttpStatusCode.Redirect)
            {
                response.Headers.Location!.OriginalString.ShouldContain("/account/access-denied", Case.Insensitive);
            }
            (await response.Content.ReadAsStringAsync()).ShouldNotContain(history.OrderNumber);
        }
        var page = await client.GetDocumentAsync("/staff");
        page.QuerySelector("#nav-customers").ShouldBeNull("the link is shown to admins only");
    }

    [Fact]
    public async Task The_export_is_a_zip_with_one_json_file_per_kind_and_the_photos_and_mails()
    {
        var history = await PrivacySteps.CustomerWithHistoryAsync(factory);
        var admin = await factory.SignedInAsync("admin@example.fr");

        using var response = await admin.GetAsync(new Uri("/manage/customers/" + Uri.EscapeDataString(PrivacySteps.Typed(history.Email)) + "?handler=Export", UriKind.Relative));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/zip");
        response.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        using var zip = new ZipArchive(await response.Content.ReadAsStreamAsync(), ZipArchiveMode.Read);
        var orders = PrivacySteps.Json(zip, "orders.json");
        orders.GetArrayLength().ShouldBe(1);
        orders[0].GetProperty("number").GetString().ShouldBe(history.OrderNumber);
        orders[0].GetProperty("email").GetString().ShouldBe(history.Email);
        orders[0].GetProperty("placedAt").GetString()!.ShouldEndWith("Z", customMessage: "ISO 8601 in UTC");
        orders[0].GetProperty("lines")[0].GetProperty("unitPricePaid").GetProperty("amountMinor").GetInt64().ShouldBe(4_990);
        var returns = PrivacySteps.Json(zip, "returns.json");
        returns[0].GetProperty("rma").GetString().ShouldBe(history.Rma);
        returns[0].GetProperty("settlements")[0].GetProperty("kind").GetString().ShouldBe(nameof(SettlementKind.StoreCredit));
        returns[0].GetProperty("history").EnumerateArray().Select(h => h.GetProperty("by").GetString()).ShouldNotContain("warehouse@example.fr", "staff are named by role, not by e-mail");
        var photos = returns[0].GetProperty("lines")[0].GetProperty("photos").EnumerateArray().ToList();
        photos.Count.ShouldBe(2);
        PrivacySteps.Bytes(zip, photos[0].GetProperty("path").GetString()!).ShouldBe(StaffSteps.Png);
        PrivacySteps.Json(zip, "storeCredit.json")[0].GetProperty("code").GetString().ShouldNotBeNullOrEmpty();
        PrivacySteps.Json(zip, "withdrawals.json")[0].GetProperty("reference").GetString().ShouldBe(history.WithdrawalReference);
        var emails = PrivacySteps.Json(zip, "emails.json").EnumerateArray().ToList();
        emails.Select(e => e.GetProperty("messageId").GetString()).ShouldBe([history.MessageId, history.AckMessageId], ignoreOrder: true);
        var mailFile = emails.Single(e => e.GetProperty("messageId").GetString() == history.MessageId).GetProperty("file").GetString()!;
        System.Text.Encoding.UTF8.GetString(PrivacySteps.Bytes(zip, mailFile)).ShouldContain("Bonjour Camille");
        PrivacySteps.Json(zip, "customer.json").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Array);
        PrivacySteps.Json(zip, "export.json").GetProperty("email").GetString().ShouldBe(history.Email);
    }

    [Fact]
    public async Task Erasure_anonymises_the_customer_and_keeps_the_withdrawal_and_the_settlement()
    {
        var history = await PrivacySteps.CustomerWithHistoryAsync(factory);
        var customer = factory.CreateBrowserLikeClient();
        (await FindOrderAsync(customer, history)).StatusCode.ShouldBe(HttpStatusCode.Redirect, "before the erasure the e-mail opens the order");
        var admin = await factory.SignedInAsync("admin@example.fr");
        var page = await admin.GetDocumentAsync("/manage/customers/" + Uri.EscapeDataString(history.Email));

        using var response = await admin.SubmitAsync(page, "#customer-erase", new Dictionary<string, string> { ["Form.ConfirmEmail"] = PrivacySteps.Typed(history.Email) });

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var after = await admin.GetDocumentAsync(response.Headers.Location!.OriginalString);
        after.QuerySelector("#customer-message").Text().ShouldContain("effacées");
        after.QuerySelector("#customer-erased").Text().ShouldContain("admin@example.fr");
        var pseudonym = CustomerErasure.PseudonymFor(history.Email);
        var order = await PrivacySteps.DbAsync(factory, db => db.Orders.AsNoTracking().SingleAsync(o => o.Number == history.OrderNumber));
        order.Email.ShouldBe(pseudonym);
        order.CustomerName.ShouldBe(CustomerErasure.ErasedName);
        order.Postcode.ShouldBe("");
        var request = await PrivacySteps.DbAsync(factory, db => db.Returns.AsNoTracking().Include(r => r.Lines).ThenInclude(l => l.Photos).SingleAsync(r => r.Rma == history.Rma));
        request.Lines.ShouldAllBe(l => l.Comment == null && l.Photos.Count == 0);
        (await PrivacySteps.FileExistsAsync(factory, history.CustomerPhotoKey)).ShouldBeFalse();
        (await PrivacySteps.FileExistsAsync(factory, history.InspectionPhotoKey)).ShouldBeFalse();
        (await PrivacySteps.FileExistsAsync(factory, history.MailKey)).ShouldBeFalse();
        (await PrivacySteps.DbAsync(factory, db => db.SentEmails.AsNoTracking().SingleAsync(e => e.MessageId == history.MessageId))).Recipient.ShouldBe(pseudonym);
        (await PrivacySteps.DbAsync(factory, db => db.StoreCreditAccounts.AsNoTracking().CountAsync(a => a.CustomerEmail == history.Email))).ShouldBe(0);
        (await PrivacySteps.DbAsync(factory, db => db.Outbox.AsNoTracking().CountAsync(m => m.Payload.Contains(history.Email)))).ShouldBe(0);

        // Kept: the withdrawal as declared and acknowledged, the settlement's amount, and the proof of the erasure.
        var withdrawal = await PrivacySteps.DbAsync(factory, db => db.Withdrawals.AsNoTracking().SingleAsync(w => w.Reference == history.WithdrawalReference));
        withdrawal.CustomerEmail.ShouldBe(history.Email);
        withdrawal.CustomerName.ShouldBe("Camille Test");
        (await PrivacySteps.DbAsync(factory, db => db.SentEmails.AsNoTracking().SingleAsync(e => e.MessageId == history.AckMessageId))).Recipient.ShouldBe(history.Email);
        (await PrivacySteps.DbAsync(factory, db => db.Settlements.AsNoTracking().Where(s => s.ReturnRequestId == request.Id).Select(s => s.Amount.Minor).SingleAsync()))
            .ShouldBe(history.SettlementAmount);
        var record = await PrivacySteps.DbAsync(factory, db => db.CustomerErasures.AsNoTracking().SingleAsync(e => e.EmailHash == PrivacySteps.HashOf(history.Email)));
        record.ErasedBy.ShouldBe("admin@example.fr");
        record.WithdrawalsKept.ShouldBe(1);

        (await FindOrderAsync(factory.CreateBrowserLikeClient(), history)).StatusCode.ShouldNotBe(HttpStatusCode.Redirect, "the erased e-mail no longer opens the order");
    }

    [Fact]
    public async Task Erasure_needs_the_email_typed_again_and_changes_nothing_otherwise()
    {
        var history = await PrivacySteps.CustomerWithHistoryAsync(factory);
        var admin = await factory.SignedInAsync("admin@example.fr");
        var page = await admin.GetDocumentAsync("/manage/customers/" + Uri.EscapeDataString(history.Email));

        using var response = await admin.SubmitAsync(page, "#customer-erase", new Dictionary<string, string> { ["Form.ConfirmEmail"] = "autre@example.fr" });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.ReadDocumentAsync()).QuerySelector("#error-summary").Text().ShouldContain("Saisissez exactement l'e-mail de cette page");
        (await PrivacySteps.DbAsync(factory, db => db.Orders.AsNoTracking().SingleAsync(o => o.Number == history.OrderNumber))).Email.ShouldBe(history.Email);
        (await PrivacySteps.DbAsync(factory, db => db.CustomerErasures.CountAsync(e => e.EmailHash == PrivacySteps.HashOf(history.Email)))).ShouldBe(0);
    }

    [Fact]
    public async Task Erasure_is_refused_with_409_while_a_return_is_open_and_names_it()
    {
        var open = await TestReturns.ReturnAsync(factory, ReturnStatus.InTransit);
        var admin = await factory.SignedInAsync("admin@example.fr");
        var page = await admin.GetDocumentAsync("/manage/customers/" + Uri.EscapeDataString(open.Email));
        page.QuerySelector("#customer-blocked").Text().ShouldContain(open.Rma);
        page.QuerySelector("#customer-erase").ShouldBeNull("the form is not offered");

        // A form posted anyway (a stale tab) is refused the same way.
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
            ?? (await admin.GetDocumentAsync("/manage/customers")).QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value");
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Form.ConfirmEmail"] = open.Email,
            ["__RequestVerificationToken"] = token ?? "",
        });
        using var response = await admin.PostAsync(new Uri("/manage/customers/" + Uri.EscapeDataString(open.Email) + "?handler=Erase", UriKind.Relative), content);

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await response.ReadDocumentAsync()).QuerySelector("#customer-blocked").Text().ShouldContain(open.Rma);
        (await PrivacySteps.DbAsync(factory, db => db.Orders.AsNoTracking().SingleAsync(o => o.Number == open.OrderNumber))).Email.ShouldBe(open.Email);
    }

    private static async Task<HttpResponseMessage> FindOrderAsync(HttpClient client, PrivacySteps.History history)
    {
        var page = await client.GetDocumentAsync("/returns");
        return await client.SubmitAsync(page, "main form", new Dictionary<string, string>
        {
            ["Form.OrderNumber"] = history.OrderNumber,
            ["Form.Email"] = history.Email,
        });
    }
}
