using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.Staff;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Hosting;

/// <summary>
/// The access policies (Hosting/AccessPolicies, applied to page folders by PortalSetup) as every staff page meets them:
/// a cross-cutting rule, so it is tested here rather than in one page's tests. Enumerates every Razor page under /Staff
/// and /Manage from the app's own endpoints, with each of its handlers, so that a page added tomorrow is checked
/// without anyone remembering to add it here.
/// </summary>
public abstract partial class AccessPoliciesTests(PortalFactory factory)
{
    private static readonly Dictionary<string, string> DemoAccounts = new()
    {
        [StaffRoles.Inspector] = "inspector@example.fr",
        [StaffRoles.Agent] = "agent@example.fr",
        [StaffRoles.Manager] = "manager@example.fr",
        [StaffRoles.Admin] = "admin@example.fr",
        [StaffRoles.Finance] = "finance@example.fr",
    };

    [Fact]
    public async Task Every_staff_page_requires_a_staff_role()
    {
        var pages = await StaffPagesAsync();

        pages.Select(p => p.Page).ShouldContain("/Staff/Index");
        pages.Select(p => p.Page).ShouldContain("/Manage/Staff/Index");
        pages.Select(p => p.Page).ShouldContain("/Manage/Staff/Edit");
        pages.Single(p => p.Page == "/Manage/Routing/Index").AllowedRoles.ShouldBe([StaffRoles.Manager, StaffRoles.Admin], ignoreOrder: true);
        pages.Single(p => p.Page == "/Manage/Routing/Edit").AllowedRoles.ShouldBe([StaffRoles.Manager, StaffRoles.Admin], ignoreOrder: true);
        pages.Single(p => p.Page == "/Manage/Policy/Index").AllowedRoles.ShouldBe([StaffRoles.Manager, StaffRoles.Admin], ignoreOrder: true);
        pages.Single(p => p.Page == "/Manage/Analytics/Alerts").AllowedRoles.ShouldBe([StaffRoles.Manager, StaffRoles.Admin], ignoreOrder: true);
        pages.Single(p => p.Page == "/Manage/Analytics/Alerts").PostHandlers.ShouldBe(["Detect", "Acknowledge"], ignoreOrder: true);
        pages.Single(p => p.Page == "/Manage/Analytics/Comments").AllowedRoles.ShouldBe([StaffRoles.Manager, StaffRoles.Admin], ignoreOrder: true);
        // Customer service (assisted returns, ADR 0036): agents and above, never inspectors.
        pages.Single(p => p.Page == "/Staff/Orders/Index").AllowedRoles.ShouldBe([StaffRoles.Agent, StaffRoles.Manager, StaffRoles.Admin], ignoreOrder: true);
        pages.Single(p => p.Page == "/Staff/Orders/Detail").AllowedRoles.ShouldBe([StaffRoles.Agent, StaffRoles.Manager, StaffRoles.Admin], ignoreOrder: true);
        // The finance queue (ADR 0117, 0118): Finance, managers and admins; Finance opens nothing else of /Staff or /Manage.
        pages.Single(p => p.Page == "/Staff/Refunds/Index").AllowedRoles.ShouldBe([StaffRoles.Finance, StaffRoles.Manager, StaffRoles.Admin], ignoreOrder: true);
        pages.Single(p => p.Page == "/Staff/Refunds/Index").PostHandlers.ShouldBe(["Paid", "Failed", "Retry"], ignoreOrder: true);
        pages.Where(p => p.Page != "/Staff/Refunds/Index")
            .ShouldAllBe(p => !p.AllowedRoles.Contains(StaffRoles.Finance) && p.AllowedRoles.IsSubsetOf(StaffRoles.Warehouse));
        foreach (var page in pages)
        {
            page.AllowedRoles.ShouldNotBeEmpty($"{page.Page} must require a staff role");
            page.AllowedRoles.ShouldBeSubsetOf(StaffRoles.All, page.Page);
        }
        pages.Where(p => p.Page.StartsWith("/Manage/", StringComparison.Ordinal))
            .ShouldAllBe(p => !p.AllowedRoles.Contains(StaffRoles.Inspector) && !p.AllowedRoles.Contains(StaffRoles.Agent));
        pages.Where(p => p.Page.StartsWith("/Manage/Staff/", StringComparison.Ordinal))
            .ShouldAllBe(p => p.AllowedRoles.SetEquals(new[] { StaffRoles.Admin }));
    }

    [Fact]
    public async Task Every_staff_page_and_handler_sends_an_anonymous_visitor_to_the_login_page()
    {
        var client = factory.CreateBrowserLikeClient();

        foreach (var request in Requests(await StaffPagesAsync()))
        {
            await ShouldRedirectAsync(client, request, "/account/login");
        }
    }

    [Fact]
    public async Task A_customer_with_an_order_cookie_reaches_no_staff_page()
    {
        var client = factory.CreateBrowserLikeClient();
        var find = await client.GetDocumentAsync("/returns");
        using var opened = await client.SubmitAsync(find, "main form", new Dictionary<string, string>
        {
            ["Form.OrderNumber"] = "DEMO-1001",
            ["Form.Email"] = "client@example.fr",
        });
        opened.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await client.GetAsync(new Uri("/returns/order", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK);

        foreach (var request in Requests(await StaffPagesAsync()))
        {
            await ShouldRedirectAsync(client, request, "/account/login");
        }
    }

    [Fact]
    public async Task Every_staff_page_and_handler_refuses_the_roles_below_the_one_it_requires()
    {
        var pages = await StaffPagesAsync();
        var clients = new Dictionary<string, HttpClient>();
        foreach (var (role, email) in DemoAccounts)
        {
            clients[role] = await factory.SignedInAsync(email);
        }

        var refusals = 0;
        foreach (var page in pages)
        {
            foreach (var role in StaffRoles.All.Where(r => !page.AllowedRoles.Contains(r)))
            {
                foreach (var request in Requests([page]))
                {
                    await ShouldRedirectAsync(clients[role], request, "/account/access-denied");
                    refusals++;
                }
            }
            // And the page does open for a role it allows (a GET that is not refused).
            using var allowed = await clients[page.AllowedRoles.First()].GetAsync(new Uri(page.Url, UriKind.Relative));
            allowed.StatusCode.ShouldBeOneOf(HttpStatusCode.OK, HttpStatusCode.NotFound);
        }
        refusals.ShouldBeGreaterThan(0);
        using var denied = await clients[StaffRoles.Inspector].GetAsync(new Uri("/account/access-denied", UriKind.Relative));
        denied.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    private static async Task ShouldRedirectAsync(HttpClient client, (HttpMethod Method, string Url) request, string expectedPath)
    {
        using var message = new HttpRequestMessage(request.Method, new Uri(request.Url, UriKind.Relative));
        if (request.Method == HttpMethod.Post)
        {
            message.Content = new FormUrlEncodedContent([]);
        }
        using var response = await client.SendAsync(message);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, $"{request.Method} {request.Url}");
        response.Headers.Location!.AbsolutePath.ShouldBe(expectedPath, $"{request.Method} {request.Url}");
    }

    private static IEnumerable<(HttpMethod Method, string Url)> Requests(IEnumerable<StaffPage> pages)
    {
        foreach (var page in pages)
        {
            yield return (HttpMethod.Get, page.Url);
            foreach (var handler in page.PostHandlers)
            {
                yield return (HttpMethod.Post, handler is null ? page.Url : $"{page.Url}?handler={handler}");
            }
        }
    }

    private async Task<List<StaffPage>> StaffPagesAsync()
    {
        var policies = factory.Services.GetRequiredService<IAuthorizationPolicyProvider>();
        var pages = new List<StaffPage>();
        var endpoints = factory.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>();
        foreach (var group in endpoints
                     .Select(e => (Endpoint: e, Page: e.Metadata.GetMetadata<PageActionDescriptor>()))
                     .Where(e => e.Page is not null && (e.Page.ViewEnginePath.StartsWith("/Staff/", StringComparison.Ordinal) || e.Page.ViewEnginePath.StartsWith("/Manage/", StringComparison.Ordinal)))
                     .GroupBy(e => e.Page!.ViewEnginePath))
        {
            // "/Staff/Index" has two routes ("staff" and "staff/index"): check the longest, it is the page's own path.
            var (endpoint, descriptor) = group.OrderByDescending(e => e.Endpoint.RoutePattern.RawText!.Length).First();
            var url = "/" + RouteParameter().Replace(endpoint.RoutePattern.RawText!, "1").ToLowerInvariant();
            var allowed = new HashSet<string>(StaffRoles.All);
            var authorizeData = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>();
            if (authorizeData.Count == 0)
            {
                allowed.Clear();
            }
            foreach (var data in authorizeData)
            {
                var policy = data.Policy is null ? await policies.GetDefaultPolicyAsync() : await policies.GetPolicyAsync(data.Policy);
                var roles = policy!.Requirements.OfType<RolesAuthorizationRequirement>().ToList();
                if (roles.Count == 0)
                {
                    allowed.Clear();
                }
                foreach (var requirement in roles)
                {
                    allowed.IntersectWith(requirement.AllowedRoles);
                }
            }
            var handlers = endpoint.Metadata.GetMetadata<CompiledPageActionDescriptor>()?.HandlerMethods
                .Where(h => string.Equals(h.HttpMethod, "Post", StringComparison.OrdinalIgnoreCase))
                .Select(h => h.Name)
                .ToList() ?? [];
            pages.Add(new StaffPage(descriptor!.ViewEnginePath, url, allowed, handlers.Count == 0 ? [null] : handlers));
        }
        return pages;
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();

    private sealed record StaffPage(string Page, string Url, HashSet<string> AllowedRoles, IReadOnlyList<string?> PostHandlers);
}

public sealed class AccessPoliciesTests_Sqlite(SqlitePortalFactory factory) : AccessPoliciesTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class AccessPoliciesTests_Postgres(PostgresPortalFactory factory) : AccessPoliciesTests(factory), IClassFixture<PostgresPortalFactory>;
