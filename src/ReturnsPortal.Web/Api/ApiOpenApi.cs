using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ReturnsPortal.Web.Api;

/// <summary>
/// /openapi/v1.json describes the API edge as it is (ADR 0099): the <c>X-Api-Key</c> scheme on every operation, the
/// tags, a description for each parameter and an example for each request body. Operation ids, summaries and the
/// problem details of each operation are declared where the endpoint is mapped.
/// </summary>
public static class ApiOpenApi
{
    public const string SecuritySchemeName = "ApiKey";

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    /// <summary>One description per parameter name: the same name means the same thing in every operation.</summary>
    private static readonly Dictionary<string, string> Parameters = new(StringComparer.Ordinal)
    {
        ["email"] = "The e-mail address of the order, as the customer gave it (case and spaces do not matter).",
        ["rma"] = "The return's RMA number, e.g. RMA-2026-000123.",
        ["orderNumber"] = "The shop's order number.",
        ["postcode"] = "A French postcode (five digits): the nearest drop-off points come first.",
        ["code"] = "The store-credit code printed on the customer's e-mail.",
        ["cursor"] = "nextCursor of the previous page, unchanged; absent for the first page.",
        ["limit"] = "How many items per page (the operation's description gives the default and the maximum).",
        ["changedSince"] = "Only levels changed at or after this ISO 8601 date-time (UTC when no offset is given).",
        ["updatedSince"] = "Only returns changed at or after this ISO 8601 date-time (UTC when no offset is given).",
        ["status"] = "Only returns in this status (requested, approved, inTransit, received, inspected, resolved…).",
        ["from"] = "First day of the period, YYYY-MM-DD.",
        ["to"] = "Last day of the period, YYYY-MM-DD (included).",
        ["id"] = "The settlement: the reference of the refund.requested or exchange.requested webhook (RI-…, EX-…), or its numeric id.",
    };

    private static readonly Dictionary<string, string> Tags = new(StringComparer.Ordinal)
    {
        ["Returns"] = "Customer returns for headless shops: reasons, eligibility, create, read, cancel, label, drop-off points.",
        ["Store credit"] = "Balance of a store-credit code and its redemption at checkout.",
        ["Data in"] = "Orders, products and carrier scans sent by the shop and carriers.",
        ["Data out"] = "Returns as a change feed, cursor-paged.",
        ["Stock"] = "Stock levels as a change feed, cursor-paged.",
        ["Analytics"] = "The analytics summary for BI tools.",
        ["Settlements"] = "The shop's answers to the refunds and replacements handed to it: paid or failed, shipped or cancelled.",
    };

    /// <summary>An example request body per operation id; each is valid against its schema (every property present, null when unused).</summary>
    private static readonly Dictionary<string, object> Examples = new(StringComparer.Ordinal)
    {
        ["CreateReturn"] = new
        {
            orderNumber = "DEMO-1001",
            email = "client@example.fr",
            lines = new[] { new { lineId = 1, quantity = 1, reasonCode = "TOO_SMALL", comment = "Un peu juste aux épaules." } },
            resolution = "refund",
            exchangeSku = (string?)null,
            method = "dropOff",
            dropOffPointId = 1,
            pickup = (object?)null,
            idempotencyKey = "checkout-7f3a9c",
        },
        ["RedeemStoreCredit"] = new { amount = 12.50m, reference = "ORDER-55012" },
        ["UpsertOrder"] = new
        {
            number = "SHOP-10001",
            email = "client@example.fr",
            firstName = "Camille",
            lastName = "Martin",
            language = "fr",
            address = new { line1 = "12 rue de la République", line2 = (string?)null, postcode = "69002", city = "Lyon", country = "FR" },
            placedAt = "2026-11-02T10:15:00+01:00",
            shippedAt = "2026-11-03T08:00:00+01:00",
            deliveredAt = "2026-11-05T14:00:00+01:00",
            paymentMethod = "card",
            currency = "EUR",
            lines = new[] { new { sku = "TSHIRT-BLUE-M", quantity = 1, unitPrice = 29.90m } },
            paymentReference = "pi_3Nxy2ZLkdIwHu7ix0x1Yb2Qa",
        },
        ["UpsertProducts"] = new
        {
            products = new[]
            {
                new
                {
                    sku = "TSHIRT-BLUE-M", productCode = "TSHIRT", name = "T-shirt coton bio", brand = "Atelier", categoryCode = "TOPS",
                    categoryName = "Hauts", size = "M", colour = "Bleu", price = new { amount = 29.90m, currency = "EUR" }, nonReturnable = (string?)null,
                },
            },
        },
        ["RecordCarrierEvent"] = new { trackingNumber = "RMA-2026-000123", @event = "in_transit", at = "2026-11-10T09:00:00+01:00" },
        ["RecordRefundResult"] = new { status = "paid", reference = "SHOP-RF-99812", reason = (string?)null },
        ["RecordExchangeShipment"] = new { carrier = "Colissimo", trackingNumber = "6A12345678901" },
        ["RecordExchangeCancellation"] = new { instead = "refund", reason = "Replacement out of stock" },
    };

    public static IServiceCollection AddApiOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(openApi =>
        {
            openApi.AddDocumentTransformer(DescribeDocumentAsync);
            openApi.AddOperationTransformer(DescribeOperationAsync);
        });

    private static Task DescribeDocumentAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        document.Info.Title = "ReturnsPortal API";
        document.Info.Description = "Returns, store credit, data in and out, stock, analytics and settlements for the shop's systems. Every operation needs an " +
            "API key in the X-Api-Key header, with the scope named in its description. Errors are RFC 9457 problem details, in French or English " +
            "(Accept-Language).";
        document.Info.License = new OpenApiLicense { Name = "MIT", Url = new Uri("https://opensource.org/license/mit") };
        // Relative: the document is served by the portal it describes, wherever that is.
        document.Servers = [new OpenApiServer { Url = "/", Description = "This portal" }];
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SecuritySchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiKeyDefaults.HeaderName,
            Description = "A key made by an administrator at /manage/api-keys; its scopes decide which operations it may call.",
        };
        document.Tags = new HashSet<OpenApiTag>(Tags.Select(t => new OpenApiTag { Name = t.Key, Description = t.Value }));
        var requirement = new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SecuritySchemeName, document)] = [] };
        foreach (var operation in (document.Paths ?? []).Values.SelectMany(p => p.Operations ?? []).Select(o => o.Value))
        {
            operation.Security = [requirement];
        }
        return Task.CompletedTask;
    }

    private static Task DescribeOperationAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>())
        {
            if (string.IsNullOrEmpty(parameter.Description) && parameter.Name is { } name && Parameters.TryGetValue(name, out var description))
            {
                parameter.Description = description;
            }
        }
        if (operation.OperationId is { } id && Examples.TryGetValue(id, out var example)
            && operation.RequestBody?.Content?.TryGetValue("application/json", out var json) == true && json is OpenApiMediaType media)
        {
            media.Example = JsonSerializer.SerializeToNode(example, Web);
        }
        return Task.CompletedTask;
    }
}
