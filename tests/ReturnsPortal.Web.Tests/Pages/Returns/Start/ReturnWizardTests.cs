using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Inventory;
using ReturnsPortal.Domain.Orders;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Domain.Seeding;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Pages.Returns.Start;

/// <summary>
/// The start-a-return wizard over HTTP with its real forms. Every test makes its own order (a return consumes
/// quantities), opens it with number + email, then walks the steps.
/// </summary>
public abstract class ReturnWizardTests(PortalFactory factory)
{
    private const string TShirt = "VET-TSH-001-M-NOIR";
    private const string TShirtLarge = "VET-TSH-001-L-NOIR";
    private const string Lipstick = "BEA-RAL-001-ROUGE-CERISE";
    // A whole 2×2 PNG: photos are decoded and re-encoded on receipt (ADR 0126), a bare signature no longer passes.
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x02, 0x08, 0x06, 0x00, 0x00, 0x00, 0x72, 0xB6, 0x0D, 0x24, 0x00, 0x00, 0x00, 0x11, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x38, 0x63, 0x6C, 0xFC, 0x1F, 0x84, 0x19, 0x60, 0x0C, 0x00, 0x4D, 0xC4, 0x08, 0xC5, 0x96, 0x0F, 0x67, 0xC5, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82];

    private sealed record TestOrder(int Id, string Number, string Email, int TShirtLine, int LipstickLine);

    private async Task<TestOrder> NewOrderAsync(int deliveredDaysAgo = 3)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ReturnsDbContext>();
        var key = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var variants = await db.Variants.Where(v => v.Sku == TShirt || v.Sku == Lipstick).ToDictionaryAsync(v => v.Sku);
        var now = DateTime.UtcNow;
        var order = new Order
        {
            Number = $"T-{key}",
            Email = $"t-{key.ToLowerInvariant()}@example.fr",
            CustomerName = "Test Client",
            Postcode = "75011",
            PlacedAt = now.AddDays(-deliveredDaysAgo - 3),
            ShippedAt = now.AddDays(-deliveredDaysAgo - 2),
            DeliveredAt = now.AddDays(-deliveredDaysAgo),
        };
        order.Lines.Add(new OrderLine { VariantId = variants[TShirt].Id, Quantity = 2, UnitPricePaid = Money.Eur(1990) });
        order.Lines.Add(new OrderLine { VariantId = variants[Lipstick].Id, Quantity = 1, UnitPricePaid = Money.Eur(1890) });
        db.Orders.Add(order);
        await db.SaveChangesAsync();
        return new TestOrder(order.Id, order.Number, order.Email, order.Lines[0].Id, order.Lines[1].Id);
    }

    private async Task<HttpClient> OpenAsync(TestOrder order, string? culture = null)
    {
        var client = factory.CreateBrowserLikeClient();
        if (culture is not null)
        {
            var home = await client.GetDocumentAsync("/returns");
            using var _ = await client.SubmitAsync(home, "#culture-form", new Dictionary<string, string>(), "culture", culture);
        }
        var page = await client.GetDocumentAsync("/returns");
        using var response = await client.SubmitAsync(page, "main form", new Dictionary<string, string>
        {
            ["Form.OrderNumber"] = order.Number,
            ["Form.Email"] = order.Email,
        });
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        return client;
    }

    private static async Task<IHtmlDocument> PostExpectingPageAsync(Task<HttpResponseMessage> post)
    {
        using var response = await post;
        response.StatusCode.ShouldBe(HttpStatusCode.OK, response.Headers.Location?.OriginalString);
        return await response.ReadDocumentAsync();
    }

    private static async Task<string> PostExpectingRedirectAsync(Task<HttpResponseMessage> post)
    {
        using var response = await post;
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return response.Headers.Location!.OriginalString;
    }

    private static string ErrorFor(IHtmlDocument page, string field) => page.QuerySelector($"[data-valmsg-for='{field}']").Text();

    private T Db<T>(Func<ReturnsDbContext, T> read) => factory.WithScope(sp => read(sp.GetRequiredService<ReturnsDbContext>()));

    /// <summary>Items (1 T-shirt) → reason "too small" → the given solution → in store; returns the client on the review page.</summary>
    private async Task<(HttpClient Client, IHtmlDocument Review)> ToReviewAsync(TestOrder order, string resolution = "Refund", int? exchangeVariant = null)
    {
        var client = await OpenAsync(order);
        var items = await client.GetDocumentAsync("/returns/start");
        (await PostExpectingRedirectAsync(client.SubmitFormAsync(items, "#items-form", new Dictionary<string, string> { ["Lines[0].Quantity"] = "1" })))
            .ShouldBe("/returns/start/reason");
        var reason = await client.GetDocumentAsync("/returns/start/reason");
        await PostExpectingRedirectAsync(client.SubmitMultipartAsync(reason, "#reason-form", new Dictionary<string, string>
        {
            ["Lines[0].ReasonId"] = ReasonId("too_small").ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Lines[0].Comment"] = "<script>alert('x')</script> trop petit",
        }, []));
        var solution = await client.GetDocumentAsync("/returns/start/solution");
        var values = new Dictionary<string, string> { ["Resolution"] = resolution };
        if (exchangeVariant is not null)
        {
            values["Exchanges[0].VariantId"] = exchangeVariant.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        (await PostExpectingRedirectAsync(client.SubmitFormAsync(solution, "#solution-form", values))).ShouldBe("/returns/start/shipping");
        var shipping = await client.GetDocumentAsync("/returns/start/shipping");
        (await PostExpectingRedirectAsync(client.SubmitFormAsync(shipping, "#shipping-form", new Dictionary<string, string> { ["Form.Method"] = "InStore" })))
            .ShouldBe("/returns/start/review");
        return (client, await client.GetDocumentAsync("/returns/start/review"));
    }

    private int ReasonId(string code) => Db(db => db.Reasons.Single(r => r.Code == code).Id);

    private int VariantId(string sku) => Db(db => db.Variants.Single(v => v.Sku == sku).Id);

    private int ReturnsOf(TestOrder order) => Db(db => db.Returns.Count(r => r.OrderId == order.Id));

    [Fact]
    public async Task A_customer_returns_an_item_to_a_drop_off_point_and_gets_an_approved_return()
    {
        var order = await NewOrderAsync();
        var client = await OpenAsync(order);

        var items = await client.GetDocumentAsync("/returns/start");
        items.QuerySelector("nav ol [aria-current='step']").Text().ShouldBe("2 Articles");
        items.QuerySelectorAll("nav ol li").Length.ShouldBe(6);
        // The hygiene item cannot be returned for a change of mind, but a defect stays covered by the legal guarantee.
        items.QuerySelectorAll(".start-line").Length.ShouldBe(2);
        items.QuerySelector(".defect-only").Text().ShouldStartWith("Article d'hygiène : non repris une fois ouvert. Il peut encore être retourné s'il est défectueux");
        await PostExpectingRedirectAsync(client.SubmitFormAsync(items, "#items-form", new Dictionary<string, string> { ["Lines[0].Quantity"] = "2" }));

        var reason = await client.GetDocumentAsync("/returns/start/reason");
        await PostExpectingRedirectAsync(client.SubmitMultipartAsync(reason, "#reason-form", new Dictionary<string, string>
        {
            ["Lines[0].ReasonId"] = ReasonId("defective").ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Lines[0].Comment"] = "La couture a lâché",
        }, [new UploadFile($"Photos_{order.TShirtLine}", "couture.png", Png, "image/png")]));

        var solution = await client.GetDocumentAsync("/returns/start/solution");
        solution.QuerySelector(".store-credit-bonus").Text().ShouldBe("+10 % : 43,78\u00A0€ au lieu de 39,80\u00A0€"); // amounts never wrap on a phone
        await PostExpectingRedirectAsync(client.SubmitFormAsync(solution, "#solution-form", new Dictionary<string, string> { ["Resolution"] = "Refund" }));

        var shipping = await client.GetDocumentAsync("/returns/start/shipping");
        var search = await PostExpectingRedirectAsync(client.SubmitFormAsync(shipping, "#shipping-form",
            new Dictionary<string, string> { ["Form.Method"] = "DropOff", ["Form.Postcode"] = "69003" }, handler: "Search"));
        search.ShouldStartWith("/returns/start/shipping");
        shipping = await client.GetDocumentAsync("/returns/start/shipping");
        var points = shipping.QuerySelectorAll(".dropoff-point");
        points.Length.ShouldBe(5);
        points[0].Text().ShouldContain("69003");
        var pointId = shipping.QuerySelector<IHtmlInputElement>(".dropoff-point input")!.Value;
        (await PostExpectingRedirectAsync(client.SubmitFormAsync(shipping, "#shipping-form", new Dictionary<string, string>
        {
            ["Form.Method"] = "DropOff",
            ["Form.DropOffPointId"] = pointId,
        }))).ShouldBe("/returns/start/review");

        var review = await client.GetDocumentAsync("/returns/start/review");
        review.QuerySelector("#payout").Text().ShouldBe("39,80\u00A0€");
        review.QuerySelector("#label-fee").Text().ShouldBe("Gratuit");
        var done = await PostExpectingRedirectAsync(client.SubmitAsync(review, "#confirm-form", new Dictionary<string, string>()));
        done.ShouldStartWith("/returns/start/done/RP-", Case.Sensitive);

        var page = await client.GetDocumentAsync(done);
        var rma = page.QuerySelector("#rma").Text();
        page.QuerySelector($"a[href='/returns/track/{rma}/label']").ShouldNotBeNull();
        page.QuerySelector($"a[href='/returns/track/{rma}/qr']").ShouldNotBeNull();
        page.QuerySelector($"a[href='/returns/track/{rma}']").ShouldNotBeNull();
        var saved = Db(db => db.Returns.Where(r => r.Rma == rma).Select(r => new
        {
            r.Status,
            r.Method,
            r.DropOffPointId,
            r.RefundEstimate,
            r.Language,
            Line = r.Lines.Select(l => new { l.Quantity, l.Comment, Photos = l.Photos.Count }).Single(),
        }).Single());
        saved.Status.ShouldBe(ReturnStatus.Approved);
        saved.Method.ShouldBe(ReturnMethod.DropOff);
        saved.DropOffPointId.ShouldBe(int.Parse(pointId, System.Globalization.CultureInfo.InvariantCulture));
        saved.RefundEstimate.ShouldBe(Money.Eur(3980));
        saved.Line.Quantity.ShouldBe(2);
        saved.Line.Photos.ShouldBe(1);
        saved.Language.ShouldBe("fr");
        Db(db => db.Outbox.Count(m => m.Payload.Contains(rma) && m.Payload.Contains("\"language\":\"fr\""))).ShouldBe(2);
    }

    [Fact]
    public async Task Confirming_twice_or_at_once_creates_one_return()
    {
        var order = await NewOrderAsync();
        var (client, review) = await ToReviewAsync(order);

        var first = await PostExpectingRedirectAsync(client.SubmitAsync(review, "#confirm-form", new Dictionary<string, string>()));
        var again = await PostExpectingRedirectAsync(client.SubmitAsync(review, "#confirm-form", new Dictionary<string, string>()));
        var together = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ =>
            PostExpectingRedirectAsync(client.SubmitAsync(review, "#confirm-form", new Dictionary<string, string>()))));

        again.ShouldBe(first);
        together.ShouldAllBe(location => location == first);
        ReturnsOf(order).ShouldBe(1);
        // Back on the review page after confirming, the customer is sent to their return.
        using var back = await client.GetAsync(new Uri("/returns/start/review", UriKind.Relative));
        back.Headers.Location!.OriginalString.ShouldBe(first);
    }

    [Fact]
    public async Task Going_back_keeps_what_was_typed_and_script_is_shown_encoded()
    {
        var order = await NewOrderAsync();
        var (client, review) = await ToReviewAsync(order);

        var comment = review.QuerySelector(".review-comment")!;
        comment.Text().ShouldContain("<script>alert('x')</script> trop petit");
        comment.InnerHtml.ShouldContain("&lt;script&gt;");
        review.QuerySelector("script:not([src])").ShouldBeNull();

        var items = await client.GetDocumentAsync("/returns/start");
        items.QuerySelector<IHtmlSelectElement>("select[name='Lines[0].Quantity']")!.Value.ShouldBe("1");
        var reason = await client.GetDocumentAsync("/returns/start/reason");
        reason.QuerySelector<IHtmlTextAreaElement>("textarea[name='Lines[0].Comment']")!.Value.ShouldBe("<script>alert('x')</script> trop petit");
        reason.QuerySelector<IHtmlSelectElement>("select[name='Lines[0].ReasonId']")!.Value.ShouldBe(ReasonId("too_small").ToString(System.Globalization.CultureInfo.InvariantCulture));
        var solution = await client.GetDocumentAsync("/returns/start/solution");
        solution.QuerySelector<IHtmlInputElement>("#resolution-refund")!.IsChecked.ShouldBeTrue();
        var shipping = await client.GetDocumentAsync("/returns/start/shipping");
        shipping.QuerySelector<IHtmlInputElement>("#method-instore")!.IsChecked.ShouldBeTrue();
    }

    [Theory]
    [InlineData("0", null, "Choisissez au moins un article à retourner.")]
    [InlineData("3", null, "Vous ne pouvez pas retourner plus que la quantité encore retournable.")]
    [InlineData("-1", null, "Choisissez une quantité positive ou nulle.")]
    [InlineData("1", "other-order", "Cet article ne fait pas partie de votre commande.")]
    public async Task Wrong_quantities_or_a_line_of_another_order_are_refused(string quantity, string? tamper, string message)
    {
        var order = await NewOrderAsync();
        var client = await OpenAsync(order);
        var items = await client.GetDocumentAsync("/returns/start");
        var values = new Dictionary<string, string> { ["Lines[0].Quantity"] = quantity };
        if (tamper is not null)
        {
            values["Lines[0].OrderLineId"] = Db(db => db.Orders.Where(o => o.Number == DemoShopSeeder.ExpiredOrder).SelectMany(o => o.Lines).Select(l => l.Id).First())
                .ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var page = await PostExpectingPageAsync(client.SubmitFormAsync(items, "#items-form", values));

        page.QuerySelector("#error-summary").Text().ShouldContain(message);
        Db(db => db.ReturnDrafts.Count(d => d.OrderId == order.Id)).ShouldBe(0);
        using var next = await client.GetAsync(new Uri("/returns/start/reason", UriKind.Relative));
        next.StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    public static TheoryData<string, string?, byte[]?, string, string> BadReasons() => new()
    {
        { "unknown", null, null, "Lines[0].ReasonId", "Choisissez un motif dans la liste." },
        { "too_small", new string('x', 100_000), null, "Lines[0].Comment", "Le commentaire ne doit pas dépasser 2 000 caractères." },
        { "defective", null, null, "Photos", "Ce motif demande au moins une photo." },
        { "too_small", null, "Ceci est un fichier texte renommé en .jpg"u8.ToArray(), "Photos", "Seules les photos JPEG, PNG ou WebP sont acceptées." },
        { "too_small", null, [.. Png, .. new byte[5 * 1024 * 1024]], "Photos", "Chaque photo doit faire 5 Mo au maximum." },
    };

    [Theory]
    [MemberData(nameof(BadReasons))]
    public async Task Bad_reasons_comments_and_photos_are_refused_and_nothing_is_kept(string reason, string? comment, byte[]? photo, string field, string message)
    {
        var order = await NewOrderAsync();
        var client = await OpenAsync(order);
        var items = await client.GetDocumentAsync("/returns/start");
        await PostExpectingRedirectAsync(client.SubmitFormAsync(items, "#items-form", new Dictionary<string, string> { ["Lines[0].Quantity"] = "1" }));
        var page = await client.GetDocumentAsync("/returns/start/reason");
        var photoField = $"Photos_{order.TShirtLine}";

        var result = await PostExpectingPageAsync(client.SubmitMultipartAsync(page, "#reason-form", new Dictionary<string, string>
        {
            ["Lines[0].ReasonId"] = reason == "unknown" ? "999999" : ReasonId(reason).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Lines[0].Comment"] = comment ?? "",
        }, photo is null ? [] : [new UploadFile(photoField, "photo.jpg", photo)]));

        ErrorFor(result, field == "Photos" ? photoField : field).ShouldBe(message);
        result.QuerySelector("#error-summary").Text().ShouldContain(message);
        var draft = Db(db => db.ReturnDrafts.Single(d => d.OrderId == order.Id).Data);
        draft.ShouldNotContain("ReasonId\":" + (reason == "unknown" ? "999999" : ReasonId(reason).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        draft.ShouldNotContain("FileKey");
    }

    [Fact]
    public async Task The_label_counts_items_and_lines_in_words_not_with_plural_brackets()
    {
        var order = await NewOrderAsync();
        var (client, review) = await ToReviewAsync(order);
        var done = await PostExpectingRedirectAsync(client.SubmitAsync(review, "#confirm-form", new Dictionary<string, string>()));
        var rma = done["/returns/start/done/".Length..].Split('?')[0];

        using var label = await client.GetAsync(new Uri($"/returns/track/{rma}/label", UriKind.Relative));

        label.StatusCode.ShouldBe(HttpStatusCode.OK);
        var text = await PdfText.ReadAsync(await label.Content.ReadAsByteArrayAsync());
        text.ShouldContain("1 article sur 1 ligne");
        text.ShouldNotContain("(s)");
    }

    [Theory]
    [InlineData("not_image")]
    [InlineData("too_big")]
    public async Task A_refused_photo_for_a_reason_that_needs_one_says_only_what_is_wrong_with_the_file(string problem)
    {
        var order = await NewOrderAsync();
        var client = await OpenAsync(order);
        var items = await client.GetDocumentAsync("/returns/start");
        await PostExpectingRedirectAsync(client.SubmitFormAsync(items, "#items-form", new Dictionary<string, string> { ["Lines[0].Quantity"] = "1" }));
        var page = await client.GetDocumentAsync("/returns/start/reason");
        var photoField = $"Photos_{order.TShirtLine}";
        byte[] file = problem == "not_image" ? "Ceci est un fichier texte renommé en .jpg"u8.ToArray() : [.. Png, .. new byte[6 * 1024 * 1024]];

        var result = await PostExpectingPageAsync(client.SubmitMultipartAsync(page, "#reason-form", new Dictionary<string, string>
        {
            ["Lines[0].ReasonId"] = ReasonId("defective").ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, [new UploadFile(photoField, "photo.jpg", file)]));

        var expected = problem == "not_image" ? "Seules les photos JPEG, PNG ou WebP sont acceptées." : "Chaque photo doit faire 5 Mo au maximum.";
        ErrorFor(result, photoField).ShouldBe(expected);
        var summary = result.QuerySelector("#error-summary").Text();
        summary.ShouldContain(expected);
        summary.ShouldNotContain("Ce motif demande au moins une photo.");
    }

    [Fact]
    public async Task An_item_covered_only_by_the_guarantee_accepts_only_a_defect()
    {
        var order = await NewOrderAsync();
        var client = await OpenAsync(order);
        var items = await client.GetDocumentAsync("/returns/start");
        await PostExpectingRedirectAsync(client.SubmitFormAsync(items, "#items-form", new Dictionary<string, string> { ["Lines[1].Quantity"] = "1" }));
        var page = await client.GetDocumentAsync("/returns/start/reason");
        page.QuerySelectorAll("select[name='Lines[0].ReasonId'] option").Select(o => o.Text()).ShouldBe(["Choisissez un motif", "Article défectueux (photo demandée)"]);

        var result = await PostExpectingPageAsync(client.SubmitMultipartAsync(page, "#reason-form", new Dictionary<string, string>
        {
            ["Lines[0].ReasonId"] = ReasonId("changed_mind").ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, []));

        ErrorFor(result, "Lines[0].ReasonId").ShouldBe("Seul un défaut peut être signalé pour cet article (garantie légale).");
    }

    [Fact]
    public async Task A_photo_is_kept_in_the_file_store_and_never_served_as_a_static_file()
    {
        var order = await NewOrderAsync();
        var client = await OpenAsync(order);
        var items = await client.GetDocumentAsync("/returns/start");
        await PostExpectingRedirectAsync(client.SubmitFormAsync(items, "#items-form", new Dictionary<string, string> { ["Lines[0].Quantity"] = "1" }));
        var page = await client.GetDocumentAsync("/returns/start/reason");
        await PostExpectingRedirectAsync(client.SubmitMultipartAsync(page, "#reason-form", new Dictionary<string, string>
        {
            ["Lines[0].ReasonId"] = ReasonId("damaged_in_transit").ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, [new UploadFile($"Photos_{order.TShirtLine}", "carton.png", Png, "image/png")]));

        var data = Db(db => db.ReturnDrafts.Single(d => d.OrderId == order.Id).Data);
        var key = System.Text.RegularExpressions.Regex.Match(data, "\"FileKey\":\"([^\"]+)\"").Groups[1].Value;
        key.ShouldEndWith(".png");
        using var direct = await client.GetAsync(new Uri("/uploads/" + key, UriKind.Relative));
        direct.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var again = await client.GetDocumentAsync("/returns/start/reason");
        again.QuerySelector(".start-photos").Text().ShouldContain("carton.png");
    }

    [Fact]
    public async Task An_exchange_is_only_for_another_variant_of_the_same_product_in_stock_and_is_reserved()
    {
        var order = await NewOrderAsync();
        var client = await OpenAsync(order);
        var items = await client.GetDocumentAsync("/returns/start");
        await PostExpectingRedirectAsync(client.SubmitFormAsync(items, "#items-form", new Dictionary<string, string> { ["Lines[0].Quantity"] = "1" }));
        var reason = await client.GetDocumentAsync("/returns/start/reason");
        await PostExpectingRedirectAsync(client.SubmitMultipartAsync(reason, "#reason-form", new Dictionary<string, string>
        {
            ["Lines[0].ReasonId"] = ReasonId("too_small").ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, []));
        var solution = await client.GetDocumentAsync("/returns/start/solution");
        solution.QuerySelector($"option[value='{VariantId(DemoShopSeeder.SoldOutDemoSku)}']")!.HasAttribute("disabled").ShouldBeTrue();

        foreach (var (sku, message) in new[]
        {
            (DemoShopSeeder.SoldOutDemoSku, "Cette taille ou couleur n'est plus en stock."),
            (Lipstick, "Choisissez une autre taille ou couleur du même article."),
            (TShirt, "Choisissez une autre taille ou couleur du même article."),
        })
        {
            var page = await PostExpectingPageAsync(client.SubmitFormAsync(solution, "#solution-form", new Dictionary<string, string>
            {
                ["Resolution"] = "Exchange",
                ["Exchanges[0].VariantId"] = VariantId(sku).ToString(System.Globalization.CultureInfo.InvariantCulture),
            }));
            ErrorFor(page, "Exchanges[0].VariantId").ShouldBe(message);
        }

        var large = VariantId(TShirtLarge);
        await PostExpectingRedirectAsync(client.SubmitFormAsync(solution, "#solution-form", new Dictionary<string, string>
        {
            ["Resolution"] = "Exchange",
            ["Exchanges[0].VariantId"] = large.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }));
        var shipping = await client.GetDocumentAsync("/returns/start/shipping");
        var day = shipping.QuerySelectorAll<IHtmlOptionElement>("select[name='Form.PickupDate'] option").ElementAt(1).Value;
        await PostExpectingRedirectAsync(client.SubmitFormAsync(shipping, "#shipping-form", new Dictionary<string, string>
        {
            ["Form.Method"] = "Pickup",
            ["Form.PickupLine1"] = "85 boulevard Voltaire",
            ["Form.PickupCity"] = "Paris",
            ["Form.PickupDate"] = day,
        }));
        var review = await client.GetDocumentAsync("/returns/start/review");
        review.QuerySelector("#label-fee").Text().ShouldBe("Gratuit (échange)");
        var done = await PostExpectingRedirectAsync(client.SubmitAsync(review, "#confirm-form", new Dictionary<string, string>()));

        var rma = done[(done.LastIndexOf('/') + 1)..];
        var reservation = Db(db => db.StockReservations.Where(r => r.ReturnLine!.ReturnRequestId == db.Returns.Single(x => x.Rma == rma).Id)
            .Select(r => new { r.VariantId, r.Quantity, r.Status }).Single());
        reservation.VariantId.ShouldBe(large);
        reservation.Quantity.ShouldBe(1);
        reservation.Status.ShouldBe(ReservationStatus.Active);
        // Cancelling from the tracking page gives the replacement back to sale.
        var track = await client.GetDocumentAsync($"/returns/track/{rma}");
        var ask = await PostExpectingPageAsync(client.SubmitAsync(track, "#cancel-form", new Dictionary<string, string>()));
        await PostExpectingRedirectAsync(client.SubmitAsync(ask, "#cancel-confirm-form", new Dictionary<string, string>()));
        Db(db => db.StockReservations.Single(r => r.ReturnLine!.ReturnRequestId == db.Returns.Single(x => x.Rma == rma).Id).Status)
            .ShouldBe(ReservationStatus.Released);
        Db(db => db.Returns.Single(x => x.Rma == rma).Status).ShouldBe(ReturnStatus.Cancelled);
        var pickup = Db(db => db.Returns.AsNoTracking().Where(r => r.Rma == rma).Select(r => r.Pickup).Single())!;
        pickup.Postcode.ShouldBe("75011");
        pickup.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture).ShouldBe(day);
    }

    [Theory]
    [InlineData("Foo", "Cette valeur n'est pas valide.")]
    [InlineData("", "Choisissez une solution.")]
    public async Task A_missing_or_tampered_solution_is_refused(string resolution, string message)
    {
        var order = await NewOrderAsync();
        var (client, _) = await ToReviewAsync(order, "StoreCredit");
        var solution = await client.GetDocumentAsync("/returns/start/solution");

        var page = await PostExpectingPageAsync(client.SubmitFormAsync(solution, "#solution-form", new Dictionary<string, string> { ["Resolution"] = resolution }));

        page.QuerySelector("#error-summary").Text().ShouldContain(message);
        var review = await client.GetDocumentAsync("/returns/start/review");
        review.QuerySelector("#payout").Text().ShouldBe("21,89\u00A0€"); // still store credit: 19,90 € + 10 %
    }

    [Fact]
    public async Task A_pickup_needs_an_address_and_one_of_the_offered_days()
    {
        var order = await NewOrderAsync();
        var (client, _) = await ToReviewAsync(order);
        var shipping = await client.GetDocumentAsync("/returns/start/shipping");
        shipping.QuerySelector<IHtmlInputElement>("input[name='Form.PickupPostcode']")!.Value.ShouldBe("75011");

        var page = await PostExpectingPageAsync(client.SubmitFormAsync(shipping, "#shipping-form", new Dictionary<string, string>
        {
            ["Form.Method"] = "Pickup",
            ["Form.PickupLine1"] = "",
            ["Form.PickupDate"] = "2020-01-01",
        }));

        ErrorFor(page, "Form.PickupLine1").ShouldBe("Saisissez l'adresse d'enlèvement.");
        ErrorFor(page, "Form.PickupDate").ShouldBe("Choisissez l'un des jours d'enlèvement proposés.");
        var review = await client.GetDocumentAsync("/returns/start/review");
        review.QuerySelector("#label-fee").Text().ShouldBe("Gratuit"); // still in store: nothing changed
    }

    [Fact]
    public async Task Messages_are_in_english_when_the_customer_chose_english()
    {
        var order = await NewOrderAsync();
        var client = await OpenAsync(order, "en-GB");
        var items = await client.GetDocumentAsync("/returns/start");
        items.QuerySelector("nav ol [aria-current='step']").Text().ShouldBe("2 Items");

        var page = await PostExpectingPageAsync(client.SubmitFormAsync(items, "#items-form", new Dictionary<string, string> { ["Lines[0].Quantity"] = "0" }));

        page.QuerySelector("#error-summary").Text().ShouldContain("Choose at least one item to return.");
    }

    [Fact]
    public async Task The_wizard_needs_the_order_cookie()
    {
        var client = factory.CreateBrowserLikeClient();

        foreach (var url in new[] { "/returns/start", "/returns/start/reason", "/returns/start/review" })
        {
            using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
            response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }
        using var done = await client.GetAsync(new Uri("/returns/start/done/RP-ACDE-FGHJ", UriKind.Relative));
        done.Headers.Location!.OriginalString.ShouldStartWith("/returns?expired");
    }
}

public sealed class ReturnWizardTests_Sqlite(SqlitePortalFactory factory) : ReturnWizardTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class ReturnWizardTests_Postgres(PostgresPortalFactory factory) : ReturnWizardTests(factory), IClassFixture<PostgresPortalFactory>;
