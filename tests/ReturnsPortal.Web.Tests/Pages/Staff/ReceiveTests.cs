using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Web.Labels;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Pages.Staff;

public sealed class ReceiveTests_Sqlite(SqlitePortalFactory factory) : ReceiveTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class ReceiveTests_Postgres(PostgresPortalFactory factory) : ReceiveTests(factory), IClassFixture<PostgresPortalFactory>;

/// <summary>
/// The receiving page (Pages/Staff/Receive): scans of an RMA, QR, tracking number or e-mail, unidentified parcels.
/// Each test makes the returns it needs (<see cref="TestReturns"/>).
/// </summary>
public abstract class ReceiveTests(PortalFactory factory)
{
    private const string Inspector = "inspector@example.fr";

    private static async Task<HttpResponseMessage> ScanAsync(HttpClient client, string scan)
    {
        var page = await client.GetDocumentAsync("/staff/receive");
        page.QuerySelector<IHtmlInputElement>("#Scan")!.HasAttribute("autofocus").ShouldBeTrue();
        return await client.SubmitAsync(page, "#scan-form", new Dictionary<string, string> { ["Scan"] = scan });
    }

    [Fact]
    public async Task A_scan_of_the_rma_typed_loosely_the_qr_payload_or_the_tracking_number_opens_the_return()
    {
        var client = await factory.SignedInAsync(Inspector);
        var approved = await TestReturns.ReturnAsync(factory, ReturnStatus.Approved);
        var tracking = "6A" + Guid.NewGuid().ToString("N")[..11].ToUpperInvariant();
        var inTransit = await TestReturns.ReturnAsync(factory, ReturnStatus.InTransit, tracking: tracking);

        foreach (var (scan, rma) in new[]
        {
            (approved.Rma.Replace("-", " ", StringComparison.Ordinal).ToLowerInvariant(), approved.Rma),
            (LabelCodes.QrPayload(approved.Rma), approved.Rma),
            (tracking.ToLowerInvariant(), inTransit.Rma),
        })
        {
            using var response = await ScanAsync(client, scan);
            response.StatusCode.ShouldBe(HttpStatusCode.Redirect, scan);
            response.Headers.Location!.OriginalString.ShouldBe($"/staff/returns/{rma}");
        }

        var page = await client.GetDocumentAsync($"/staff/returns/{approved.Rma}");
        page.QuerySelector("#return-status").Text().ShouldBe("Approuvé");
        page.QuerySelector("#receive-form").ShouldNotBeNull();
        page.QuerySelectorAll("#history li").Length.ShouldBeGreaterThanOrEqualTo(2, "the audit trail shows Requested and Approved");
    }

    [Fact]
    public async Task An_unknown_scan_says_so_and_registers_an_unidentified_parcel_that_can_be_linked_later()
    {
        var client = await factory.SignedInAsync(Inspector);
        var tracking = "ZZ" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();

        using var unknown = await ScanAsync(client, tracking);
        unknown.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await unknown.ReadDocumentAsync();
        page.QuerySelector("#nothing-found").Text().ShouldContain("Rien ne correspond");
        page.QuerySelector<IHtmlInputElement>("#Parcel_CarrierTrackingNumber")!.Value.ShouldBe(tracking);

        using (var empty = await client.SubmitAsync(page, "#parcel-form", new Dictionary<string, string> { ["Parcel.CarrierTrackingNumber"] = "" }))
        {
            (await empty.ReadDocumentAsync()).QuerySelector("#error-summary").Text().ShouldContain("de quoi le retrouver");
        }
        (await factory.ReadAsync(db => db.UnidentifiedParcels.CountAsync(p => p.CarrierTrackingNumber == tracking))).ShouldBe(0);

        using var registered = await client.SubmitAsync(page, "#parcel-form", new Dictionary<string, string> { ["Parcel.SenderName"] = "Jeanne Colis" });
        registered.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var parcelId = await factory.ReadAsync(db => db.UnidentifiedParcels.Where(p => p.CarrierTrackingNumber == tracking).Select(p => p.Id).SingleAsync());

        var queue = await client.GetDocumentAsync("/staff/parcels");
        var item = queue.QuerySelector($"[data-parcel='{parcelId}']").ShouldNotBeNull();
        item.Text().ShouldContain("Jeanne Colis");
        var target = await TestReturns.ReturnAsync(factory, ReturnStatus.InTransit);
        using var linked = await client.SubmitAsync(queue, $"[data-parcel='{parcelId}'] form", new Dictionary<string, string> { ["Form.Rma"] = target.Rma.ToLowerInvariant() });
        linked.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        linked.Headers.Location!.OriginalString.ShouldBe($"/staff/returns/{target.Rma}");
        (await client.GetDocumentAsync("/staff/parcels")).QuerySelector($"[data-parcel='{parcelId}']").ShouldBeNull();
    }

    [Fact]
    public async Task A_scan_of_the_customers_email_opens_their_only_open_return_or_lists_them_all()
    {
        var client = await factory.SignedInAsync(Inspector);
        var open = await factory.ReadAsync(db => db.Returns
            .Where(r => r.Status != ReturnStatus.Closed && r.Status != ReturnStatus.Cancelled && r.Status != ReturnStatus.Expired)
            .Select(r => new { r.Rma, r.Order!.Email }).ToListAsync());
        var byEmail = open.GroupBy(r => r.Email.ToLowerInvariant()).ToList();
        var single = byEmail.First(g => g.Count() == 1);
        var several = byEmail.First(g => g.Count() > 1);

        var page = await client.GetDocumentAsync("/staff/receive");
        using (var one = await client.SubmitAsync(page, "#scan-form", new Dictionary<string, string> { ["Scan"] = "  " + single.Key.ToUpperInvariant() + " " }))
        {
            one.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            one.Headers.Location!.OriginalString.ShouldBe($"/staff/returns/{single.Single().Rma}");
        }
        using var many = await client.SubmitAsync(page, "#scan-form", new Dictionary<string, string> { ["Scan"] = several.Key });
        many.StatusCode.ShouldBe(HttpStatusCode.OK);
        var listed = (await many.ReadDocumentAsync()).QuerySelectorAll("#matches a").Select(a => a.TextContent.Trim()).ToList();
        listed.ShouldBe(several.Select(r => r.Rma).ToList(), ignoreOrder: true);
        using var nobody = await client.SubmitAsync(page, "#scan-form", new Dictionary<string, string> { ["Scan"] = "nobody-" + Guid.NewGuid().ToString("N")[..6] + "@example.fr" });
        (await nobody.ReadDocumentAsync()).QuerySelector("#nothing-found").ShouldNotBeNull();
    }
}
