using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.Integrations;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Integrations;

public sealed class ApiKeysTests_Sqlite(SqlitePortalFactory factory) : ApiKeysTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class ApiKeysTests_Postgres(PostgresPortalFactory factory) : ApiKeysTests(factory), IClassFixture<PostgresPortalFactory>;

/// <summary>/manage/api-keys: a key is created with scopes, shown once, stored hashed, stamped when used, revoked; the per-key rate limit.</summary>
public abstract class ApiKeysTests(PortalFactory factory)
{
    [Fact]
    public async Task The_page_offers_carrier_events_and_store_credit_as_scopes_of_their_own_with_their_descriptions()
    {
        var admin = await factory.SignedInAsync("admin@example.fr");

        var page = await admin.GetDocumentAsync("/manage/api-keys");

        page.QuerySelector("label[for='scope-carrier-events-write']").Text().ShouldBe("carrier-events:write — envoyer les événements transporteur (scans de colis)");
        page.QuerySelector("label[for='scope-store-credit-read']").Text().ShouldBe("store-credit:read — lire le solde d'un code d'avoir");
        page.QuerySelector("label[for='scope-store-credit-write']").Text().ShouldBe("store-credit:write — utiliser un avoir (débits)");
        page.QuerySelector("label[for='scope-returns-write']").Text().ShouldBe("returns:write — créer et annuler des retours (ni événements transporteur, ni avoirs)");
        var demo = await factory.WithScopeAsync(sp => sp.GetRequiredService<ReturnsDbContext>().ApiKeys.AsNoTracking().SingleAsync(k => k.Name == "Demo (all scopes)"));
        demo.Scopes.Split(' ').ShouldBe(ApiScopes.All, ignoreOrder: true);
    }

    [Fact]
    public async Task An_admin_creates_a_key_shown_once_that_works_for_its_scopes_only_until_revoked()
    {
        var admin = await factory.SignedInAsync("admin@example.fr");
        var name = $"Shop {Guid.NewGuid():N}"[..20];
        var page = await admin.GetDocumentAsync("/manage/api-keys");
        page.QuerySelector<IHtmlInputElement>("#scope-returns-read")!.IsChecked = true;

        using var created = await admin.SubmitAsync(page, "#create-key", new Dictionary<string, string> { ["Form.Name"] = name });

        created.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var shown = await admin.GetDocumentAsync("/manage/api-keys");
        var key = shown.QuerySelector("#new-key-value").Text();
        key.ShouldStartWith(ApiKey.Prefix);
        key.Length.ShouldBeGreaterThan(40);
        (await admin.GetDocumentAsync("/manage/api-keys")).QuerySelector("#new-key").ShouldBeNull("shown once");
        var stored = await factory.WithScopeAsync(sp => sp.GetRequiredService<ReturnsDbContext>().ApiKeys.AsNoTracking().SingleAsync(k => k.Name == name));
        stored.KeyHash.ShouldBe(ApiKey.Hash(key));
        stored.KeyHash.ShouldNotContain(key[ApiKey.Prefix.Length..]);
        stored.Scopes.ShouldBe(ApiScopes.ReturnsRead);
        stored.LastUsedAt.ShouldBeNull();

        using (var reasons = await SendAsync("/api/v1/reasons", key))
        {
            reasons.StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        using (var forbidden = await SendAsync("/api/v1/analytics/summary?from=2026-01-01&to=2026-02-01", key))
        {
            forbidden.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            forbidden.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        }
        var used = await factory.WithScopeAsync(sp => sp.GetRequiredService<ReturnsDbContext>().ApiKeys.AsNoTracking().SingleAsync(k => k.Name == name));
        used.LastUsedAt.ShouldNotBeNull();
        var list = await admin.GetDocumentAsync("/manage/api-keys");
        list.QuerySelector($"#api-key-{stored.Id} .last-used").Text().ShouldNotBe("jamais");

        using var revoked = await admin.SubmitAsync(list, $"#api-key-{stored.Id} form", new Dictionary<string, string>());
        revoked.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        using var refused = await SendAsync("/api/v1/reasons", key);
        refused.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetInt32().ShouldBe(401);
    }

    [Fact]
    public async Task A_key_without_a_name_or_scope_is_refused_with_messages_and_nothing_is_created()
    {
        var admin = await factory.SignedInAsync("admin@example.fr");
        var before = await CountAsync();
        var page = await admin.GetDocumentAsync("/manage/api-keys");

        using var response = await admin.SubmitAsync(page, "#create-key", new Dictionary<string, string> { ["Form.Name"] = " " });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.ReadDocumentAsync();
        html.QuerySelector("[data-valmsg-for='Form.Name']").Text().ShouldBe("Donnez un nom à la clé (qui l'utilise).");
        html.QuerySelector("[data-valmsg-for='Form.Scopes']").Text().ShouldBe("Choisissez au moins un droit.");
        (await CountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Without_a_key_the_api_answers_401_problem_details()
    {
        using var response = await SendAsync("/api/v1/reasons", null);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task Each_key_has_its_own_rate_limit_and_over_it_gets_429_problem_details()
    {
        using var limited = factory.WithWebHostBuilder(b => b.UseSetting("RateLimits:ApiKey:PermitLimit", "3").UseSetting("RateLimits:ApiKey:WindowSeconds", "3600"));
        var noisy = await CreateKeyAsync(ApiScopes.ReturnsRead);
        var quiet = await CreateKeyAsync(ApiScopes.ReturnsRead);
        using var client = limited.CreateClient();

        for (var i = 0; i < 3; i++)
        {
            using var ok = await SendAsync(client, "/api/v1/reasons", noisy);
            ok.StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        using var over = await SendAsync(client, "/api/v1/reasons", noisy);
        using var other = await SendAsync(client, "/api/v1/reasons", quiet);

        over.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        over.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        over.Headers.RetryAfter.ShouldNotBeNull();
        (await over.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetInt32().ShouldBe(429);
        other.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_reference_page_is_public_describes_auth_endpoints_and_signatures_and_is_in_the_staff_nav()
    {
        using var anonymous = factory.CreateClient();
        var page = await anonymous.GetDocumentAsync("/developers");
        var admin = await factory.SignedInAsync("admin@example.fr");
        var manager = await factory.SignedInAsync("manager@example.fr");
        var adminNav = (await admin.GetDocumentAsync("/staff")).QuerySelectorAll("#staff-nav a").Select(a => a.GetAttribute("href")).ToList();
        var managerNav = (await manager.GetDocumentAsync("/staff")).QuerySelectorAll("#staff-nav a").Select(a => a.GetAttribute("href")).ToList();

        page.QuerySelector("h1").Text().ShouldBe("Référence de l'API");
        var endpoints = page.QuerySelector("#endpoints-table").Text();
        foreach (var path in new[] { "POST /api/v1/orders", "POST /api/v1/products", "GET /api/v1/returns?status=", "POST /api/v1/carrier-events" })
        {
            endpoints.ShouldContain(path);
        }
        page.QuerySelector("#scopes").Text().ShouldContain("analytics:read");
        page.Body!.TextContent.ShouldContain("X-Api-Key");
        page.QuerySelector("#verify-csharp").Text().ShouldContain("HMACSHA256");
        page.QuerySelector("#verify-python").Text().ShouldContain("compare_digest");
        adminNav.ShouldContain("/manage/api-keys");
        adminNav.ShouldContain("/manage/webhooks");
        adminNav.ShouldContain("/manage/import");
        managerNav.ShouldContain("/manage/import");
        managerNav.ShouldContain("/developers");
        managerNav.ShouldNotContain("/manage/api-keys");
    }

    private async Task<string> CreateKeyAsync(string scopes)
    {
        var key = ApiKey.Generate();
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReturnsDbContext>();
        db.ApiKeys.Add(ApiKey.Create($"test {Guid.NewGuid():N}", scopes.Split(' '), key, null, DateTime.UtcNow));
        await db.SaveChangesAsync();
        return key;
    }

    private Task<int> CountAsync() => factory.WithScopeAsync(sp => sp.GetRequiredService<ReturnsDbContext>().ApiKeys.CountAsync());

    private async Task<HttpResponseMessage> SendAsync(string url, string? key)
    {
        using var client = factory.CreateClient();
        return await SendAsync(client, url, key);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string url, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url, UriKind.Relative));
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }
        return await client.SendAsync(request);
    }
}
