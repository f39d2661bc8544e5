using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Web.Integrations;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Integrations;

public sealed class ImportTests_Sqlite(SqlitePortalFactory factory) : ImportTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class ImportTests_Postgres(PostgresPortalFactory factory) : ImportTests(factory), IClassFixture<PostgresPortalFactory>;

/// <summary>/manage/import with the test files of ImportFiles/: encodings, separators, a wrong header, broken rows; all or nothing.</summary>
public abstract class ImportTests(PortalFactory factory)
{
    [Fact]
    public async Task A_utf8_file_with_bom_and_commas_imports_every_order_with_its_lines()
    {
        var job = await ImportAsync("orders-utf8-bom-comma.csv", "Orders");

        job.QuerySelector("#import-status")!.GetAttribute("data-status").ShouldBe("Succeeded");
        job.QuerySelector("#import-done").Text().ShouldContain("2 enregistrement(s) importé(s) depuis 3 ligne(s)");
        job.Body!.TextContent.ShouldContain("UTF-8 (BOM)");
        var orders = await Db(db => db.Orders.AsNoTracking().Where(o => o.Number.StartsWith("CSV-OK-")).OrderBy(o => o.Number)
            .Select(o => new { o.Number, o.CustomerName, o.PlacedAt, Lines = o.Lines.Count, Address = o.Customer!.Address.Line2, Street = o.Customer.Address.Line1 }).ToListAsync());
        orders.Select(o => (o.Number, o.Lines)).ShouldBe([("CSV-OK-1", 2), ("CSV-OK-2", 1)]);
        orders[0].CustomerName.ShouldBe("Hélène Dupré");
        orders[0].Street.ShouldBe("12, rue de l'Église");
        orders[1].Address.ShouldBe("Flat \"B\"");
        // "20/11/2026 09:30" without an offset is Paris time (UTC+1 in November).
        orders[1].PlacedAt.ShouldBe(new DateTime(2026, 11, 20, 8, 30, 0, DateTimeKind.Utc));
    }

    [Fact]
    public async Task A_windows_1252_file_with_semicolons_and_decimal_commas_keeps_its_accents()
    {
        var job = await ImportAsync("products-1252-semicolon.csv", "Products");

        job.QuerySelector("#import-status")!.GetAttribute("data-status").ShouldBe("Succeeded");
        job.Body!.TextContent.ShouldContain("Windows-1252");
        var products = await Db(db => db.Variants.AsNoTracking().Where(v => v.Sku.Contains("-CSV-")).OrderBy(v => v.Sku)
            .Select(v => new { v.Sku, v.Product!.Name, v.Colour, v.Price.Minor, v.Product.NonReturnableReason }).ToListAsync());
        products.Count.ShouldBe(3);
        products.Single(p => p.Sku == "ACC-ECH-CSV-ROSE").Name.ShouldBe("Écharpe laine mérinos");
        products.Single(p => p.Sku == "ACC-ECH-CSV-ROSE").Colour.ShouldBe("Rosé");
        products.Single(p => p.Sku == "ACC-ECH-CSV-GRIS").Minor.ShouldBe(4990);
        products.Single(p => p.Sku == "BEA-BAU-CSV-01").Name.ShouldBe("Baume à lèvres « été »");
        products.Single(p => p.Sku == "BEA-BAU-CSV-01").Minor.ShouldBe(850);
        products.Single(p => p.Sku == "BEA-BAU-CSV-01").NonReturnableReason.ShouldBe(Domain.Catalog.NonReturnableReason.Hygiene);
    }

    [Fact]
    public async Task A_wrong_header_is_reported_on_line_1_and_nothing_is_imported()
    {
        var job = await ImportAsync("orders-wrong-header.csv", "Orders");

        job.QuerySelector("#import-status")!.GetAttribute("data-status").ShouldBe("Rejected");
        var rows = Report(job);
        rows.ShouldAllBe(r => r.Line == "1");
        rows.Where(r => r.Code == "header_unknown").Select(r => r.Column).ShouldBe(["order", "mail", "qty"], ignoreOrder: true);
        rows.Where(r => r.Code == "header_missing").Select(r => r.Column).ShouldContain("order_number");
        job.QuerySelector("#import-report tbody tr")!.Text().ShouldContain("Colonne inconnue dans l'en-tête.");
        (await Db(db => db.Orders.AnyAsync(o => o.Number == "CSV-HDR-1"))).ShouldBeFalse();
    }

    [Fact]
    public async Task Broken_rows_are_each_reported_with_line_and_column_and_the_good_rows_are_not_imported()
    {
        var job = await ImportAsync("orders-broken-rows.csv", "Orders");

        job.QuerySelector("#import-status")!.GetAttribute("data-status").ShouldBe("Rejected");
        Report(job).Select(r => (r.Line, r.Column, r.Code)).ShouldBe(
        [
            ("3", "*", "columns"),
            ("4", "quantity", "quantity"),
            ("5", "sku", "sku_unknown"),
            ("6", "placed_at", "date"),
        ]);
        job.QuerySelector("#import-rejected").Text().ShouldContain("4 problème(s)");
        (await Db(db => db.Orders.AnyAsync(o => o.Number.StartsWith("CSV-BAD-")))).ShouldBeFalse();
    }

    [Fact]
    public async Task The_payment_reference_column_sets_it_from_the_orders_first_row_and_a_file_without_it_keeps_it()
    {
        var with = await ImportAsync("orders-payment-reference.csv", "Orders");
        with.QuerySelector("#import-status")!.GetAttribute("data-status").ShouldBe("Succeeded");
        var without = await ImportAsync("orders-payment-reference-absent.csv", "Orders");
        without.QuerySelector("#import-status")!.GetAttribute("data-status").ShouldBe("Succeeded");

        var orders = await Db(db => db.Orders.AsNoTracking().Where(o => o.Number.StartsWith("CSV-REF-")).OrderBy(o => o.Number)
            .Select(o => new { o.Number, o.PaymentReference, Quantity = o.Lines.Sum(l => l.Quantity) }).ToListAsync());
        orders.Select(o => (o.Number, o.PaymentReference)).ShouldBe([("CSV-REF-1", "pi_csv_3Nxy001"), ("CSV-REF-2", (string?)null)]);
        orders[0].Quantity.ShouldBe(3, "the second file did update the order, only its reference was kept");
    }

    [Fact]
    public async Task A_bad_payment_reference_is_reported_on_its_row_and_nothing_is_imported()
    {
        var job = await ImportAsync("orders-payment-reference-bad.csv", "Orders");

        job.QuerySelector("#import-status")!.GetAttribute("data-status").ShouldBe("Rejected");
        Report(job).Select(r => (r.Line, r.Column, r.Code)).ShouldBe([("2", "payment_reference", "payment_reference")]);
        job.QuerySelector("#import-report tbody tr")!.Text().ShouldContain("La référence de paiement compte 1 à 100 caractères");
        (await Db(db => db.Orders.AnyAsync(o => o.Number.StartsWith("CSV-REFBAD-")))).ShouldBeFalse();
    }

    [Fact]
    public async Task Without_a_file_or_kind_the_form_says_so_and_queues_nothing()
    {
        var manager = await factory.SignedInAsync("manager@example.fr");
        var before = await Db(db => db.ImportJobs.CountAsync());
        var page = await manager.GetDocumentAsync("/manage/import");

        using var response = await manager.SubmitMultipartAsync(page, "#import-form", new Dictionary<string, string>(), []);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.ReadDocumentAsync();
        html.QuerySelector("[data-valmsg-for='Form.Kind']").Text().ShouldBe("Choisissez le contenu du fichier.");
        html.QuerySelector("[data-valmsg-for='Form.File']").Text().ShouldBe("Choisissez un fichier CSV.");
        (await Db(db => db.ImportJobs.CountAsync())).ShouldBe(before);
    }

    [Fact]
    public void The_reader_detects_the_separator_and_keeps_quoted_separators_and_line_breaks()
    {
        CsvReader.DetectSeparator("a;b;\"c,d,e\"\n1;2;3").ShouldBe(';');
        CsvReader.DetectSeparator("a,b,c\n1;2;3").ShouldBe(',');
        var rows = CsvReader.Parse("a,b\r\n\"x, \"\"y\"\"\",\"two\nlines\"\r\n\r\nlast,1\r\n", ',');
        rows.Select(r => r.Line).ShouldBe([1, 2, 5]);
        rows[1].Fields.ShouldBe(["x, \"y\"", "two\nlines"]);
        CsvReader.Decode([0xC9, 0x74, 0xE9]).ShouldBe(("Été", "Windows-1252"));
        CsvReader.Decode([0xC3, 0xA9]).ShouldBe(("é", "UTF-8"));
    }

    private static List<(string Line, string Column, string Code)> Report(IDocument job) =>
        job.QuerySelectorAll("#import-report tbody tr")
            .Select(r => (r.GetAttribute("data-line")!, r.GetAttribute("data-column")!, r.GetAttribute("data-code")!)).ToList();

    private Task<T> Db<T>(Func<ReturnsDbContext, Task<T>> query) => factory.WithScopeAsync(sp => query(sp.GetRequiredService<ReturnsDbContext>()));

    private async Task<IHtmlDocument> ImportAsync(string file, string kind)
    {
        var manager = await factory.SignedInAsync("manager@example.fr");
        var page = await manager.GetDocumentAsync("/manage/import");
        var bytes = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Integrations", "ImportFiles", file));
        using var posted = await manager.SubmitMultipartAsync(page, "#import-form", new Dictionary<string, string> { ["Form.Kind"] = kind },
            [new UploadFile("Form.File", file, bytes, "text/csv")]);
        posted.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var url = posted.Headers.Location!.OriginalString;
        url.ShouldStartWith("/manage/import/");
        // As a person without JavaScript would: follow the Refresh link until the import is finished.
        for (var i = 0; i < 120; i++)
        {
            var job = await manager.GetDocumentAsync(url);
            var refresh = job.QuerySelector<IHtmlAnchorElement>("#refresh");
            if (refresh is null)
            {
                return job;
            }
            url = refresh.GetAttribute("href")!;
            await Task.Delay(500);
        }
        throw new TimeoutException("The import did not finish in 60 s.");
    }
}
