using System.Data.Common;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ReturnsPortal.Web.Tests.Security;

public sealed class FuzzTests_Sqlite(SqlitePortalFactory factory, ITestOutputHelper output)
    : FuzzTests(factory, output), IClassFixture<SqlitePortalFactory>;

public sealed class FuzzTests_Postgres(PostgresPortalFactory factory, ITestOutputHelper output)
    : FuzzTests(factory, output), IClassFixture<PostgresPortalFactory>;

/// <summary>
/// Issue 19 item 8: a bounded, seeded fuzz run over every page and API endpoint the app maps. Generated bad input
/// (wrong types, huge strings, unicode, control characters, malformed form keys, deep and broken JSON, broken multipart)
/// is sent anonymously, with the demo API key and as a signed-in administrator with a valid anti-forgery token, and
/// must never answer 5xx nor change the database (ASVS 5.0 V16.5.1, V16.5.3; ADR 0128). A failure lists each request.
/// </summary>
public abstract class FuzzTests(PortalFactory factory, ITestOutputHelper output)
{
    private const string ApiKey = "demo-api-key";
    private const int Seed = 19;

    /// <summary>
    /// Tables that change by design while requests are served: limiter windows, keys, leases, key usage, and the analytics
    /// rollups (derived from the returns, rebuilt when the dashboard is read).
    /// </summary>
    private static readonly HashSet<string> VolatileTables = new(StringComparer.OrdinalIgnoreCase)
    {
        "RateLimitCounters", "DataProtectionKeys", "JobLeases", "ApiKeys", "__EFMigrationsHistory",
    };

    /// <summary>Pages whose purpose is to change the visitor's own session (sign in/out, language): not fuzzed with a token.</summary>
    private static readonly string[] SessionPages = ["/account", "/culture"];

    private static readonly string[] QueryNames =
        ["limit", "cursor", "updatedSince", "from", "to", "page", "status", "q", "email", "view", "sort", "returnUrl", "handler", "code", "rma", "number", "id", "lang"];

    [Fact]
    [Trait("ASVS", "5.0 V16.5.1")]
    [Trait("ASVS", "5.0 V16.5.3")]
    public async Task Thousands_of_generated_bad_inputs_to_every_page_and_api_endpoint_never_answer_5xx_nor_change_the_database()
    {
        var values = await SampleValuesAsync();
        var targets = Targets(values);
        targets.Count.ShouldBeGreaterThan(60, "every page and API endpoint is found");
        var anonymous = factory.CreateBrowserLikeClient();
        var admin = await factory.SignedInAsync("admin@example.fr");
        var random = new Random(Seed);
        var failures = new List<string>();
        var sent = 0;
        var before = await FingerprintAsync();

        foreach (var target in targets)
        {
            foreach (var request in Generate(target, random))
            {
                foreach (var client in new[] { anonymous, admin })
                {
                    using var message = request();
                    if (message.RequestUri!.OriginalString.StartsWith("/api", StringComparison.Ordinal))
                    {
                        message.Headers.TryAddWithoutValidation("X-Api-Key", ApiKey);
                    }
                    var label = $"{message.Method} {Shorten(message.RequestUri.OriginalString)} [{(ReferenceEquals(client, admin) ? "admin" : "anonymous")}]";
                    sent++;
                    try
                    {
                        using var response = await client.SendAsync(message);
                        if ((int)response.StatusCode >= 500)
                        {
                            failures.Add($"{(int)response.StatusCode} {label}");
                        }
                    }
                    catch (HttpRequestException ex)
                    {
                        failures.Add($"threw {ex.GetType().Name} {label}");
                    }
                }
            }
        }
        sent += await PostPageFormsWithTokenAsync(admin, targets, failures);

        output.WriteLine($"{sent} requests to {targets.Count} endpoints; {failures.Count} failures");
        foreach (var failure in failures.Take(60))
        {
            output.WriteLine(failure);
        }
        sent.ShouldBeGreaterThan(2000);
        failures.ShouldBeEmpty(string.Join('\n', failures.Take(40)));
        var after = await FingerprintAsync();
        after.Where(t => !before.TryGetValue(t.Key, out var hash) || hash != t.Value).Select(t => t.Key).ShouldBeEmpty("no table changed");
    }

    /// <summary>One endpoint to fuzz: its address with the route parameters filled with real values, and its methods.</summary>
    private sealed record Target(string Path, IReadOnlyList<string> Methods, bool IsApi, bool IsPage);

    private List<Target> Targets(IReadOnlyDictionary<string, string> values)
    {
        var sources = factory.Services.GetRequiredService<EndpointDataSource>();
        var targets = new List<Target>();
        foreach (var endpoint in sources.Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = endpoint.RoutePattern;
            if (pattern.RawText is null)
            {
                continue;
            }
            var path = "/" + string.Join('/', pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
            {
                RoutePatternLiteralPart literal => literal.Content,
                RoutePatternParameterPart parameter => values.TryGetValue(parameter.Name, out var value) ? value : "1",
                RoutePatternSeparatorPart separator => separator.Content,
                _ => "",
            }))));
            var isApi = path.StartsWith("/api", StringComparison.Ordinal);
            var isPage = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.RazorPages.CompiledPageActionDescriptor>() is not null
                || endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.RazorPages.PageActionDescriptor>() is not null;
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.ToList() ?? ["GET", "POST"];
            targets.Add(new Target(path, methods, isApi, isPage));
        }
        // A folder's Index page has two routes (/x and /x/Index): fuzz it once.
        return targets.Where(t => !(t.IsPage && t.Path.EndsWith("/Index", StringComparison.Ordinal)))
            .GroupBy(t => t.Path).Select(g => g.First() with { Methods = g.SelectMany(t => t.Methods).Distinct().ToList() }).ToList();
    }

    private static IEnumerable<Func<HttpRequestMessage>> Generate(Target target, Random random)
    {
        foreach (var method in target.Methods.Where(m => m is "GET" or "POST" or "PUT" or "DELETE" or "PATCH"))
        {
            // Query strings: a real parameter name with a bad value, a made-up one, and broken keys.
            for (var i = 0; i < 6; i++)
            {
                var name = QueryNames[random.Next(QueryNames.Length)];
                var value = BadValues[random.Next(BadValues.Length)];
                var query = $"?{Uri.EscapeDataString(name)}={EscapeLoosely(value)}";
                yield return () => new HttpRequestMessage(new HttpMethod(method), target.Path + query);
            }
            yield return () => new HttpRequestMessage(new HttpMethod(method), target.Path + "?a%5B=1&%5B%5D=2&x]=3");
            if (method == "GET")
            {
                continue;
            }
            // Form bodies: broken keys, huge and control-character values, and a field name the page binds.
            foreach (var body in FormBodies(random))
            {
                yield return () => new HttpRequestMessage(new HttpMethod(method), target.Path)
                {
                    Content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded"),
                };
            }
            foreach (var json in JsonBodies(random))
            {
                yield return () => new HttpRequestMessage(new HttpMethod(method), target.Path)
                {
                    Content = new ByteArrayContent(json) { Headers = { { "Content-Type", "application/json" } } },
                };
            }
            foreach (var (contentType, bytes) in MultipartBodies())
            {
                yield return () => new HttpRequestMessage(new HttpMethod(method), target.Path)
                {
                    Content = new ByteArrayContent(bytes) { Headers = { { "Content-Type", contentType } } },
                };
            }
            yield return () => new HttpRequestMessage(new HttpMethod(method), target.Path)
            {
                Content = new StringContent("<order><number>1</number></order>", Encoding.UTF8, "application/xml"),
            };
        }
    }

    private static readonly string[] BadValues =
    [
        "abc", "-1", "0", "99999999999999999999", "1e309", "NaN", "", " ", "null", "true", "[]", "{}", "%00", "\0",
        "x\u0000y", "\u0001\u001f", new string('a', 100_000), string.Concat(Enumerable.Repeat("é", 5_000)), "😀💥\u202e\uFFFF",
        "<script>alert(1)</script>", "' OR 1=1 --", "../../etc/passwd", "${jndi:ldap://x/a}", "2026-02-30", "9999-12-31T99:99",
        "DEMO-1001\r\nSet-Cookie: x=1", "/\\evil.example", "http://169.254.169.254/latest/meta-data/",
    ];

    private static IEnumerable<string> FormBodies(Random random)
    {
        yield return "a[=1";
        yield return "Form[=1&Form.Email=a";
        yield return "Form.OrderNumber=" + EscapeLoosely(new string('9', 100_000));
        yield return "Input.Note=x%00y&Form.Note=%01%02";
        yield return string.Join('&', Enumerable.Range(0, 5).Select(_ => $"{QueryNames[random.Next(QueryNames.Length)]}={EscapeLoosely(BadValues[random.Next(BadValues.Length)])}"));
        yield return "%ZZ=%G1&&==&=x";
    }

    private static IEnumerable<byte[]> JsonBodies(Random random)
    {
        yield return "null"u8.ToArray();
        yield return "[]"u8.ToArray();
        yield return "\"x\""u8.ToArray();
        yield return "{\"orderNumber\":5,\"email\":[],\"lines\":\"x\",\"limit\":\"abc\"}"u8.ToArray();
        yield return "{\"a\":"u8.ToArray();
        yield return Encoding.UTF8.GetBytes(new string('[', 5_000) + new string(']', 5_000));
        yield return Encoding.UTF8.GetBytes("{\"orderNumber\":\"" + new string('x', 200_000) + "\"}");
        yield return Encoding.UTF8.GetBytes("{\"orderNumber\":\"x\\u0000y\",\"email\":\"\\ud800\",\"quantity\":1e400}");
        yield return [0x7B, 0x22, 0xC3, 0x28, 0x22, 0x3A, 0x31, 0x7D]; // invalid UTF-8 inside a key
        yield return Encoding.UTF8.GetBytes("{\"" + QueryNames[random.Next(QueryNames.Length)] + "\":" + (random.Next(2) == 0 ? "-1" : "{}") + "}");
    }

    private static IEnumerable<(string ContentType, byte[] Body)> MultipartBodies()
    {
        yield return ("multipart/form-data", "--x\r\n\r\n"u8.ToArray());
        yield return ("multipart/form-data; boundary=xyz", "--xyz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb"u8.ToArray());
        yield return ("multipart/form-data; boundary=xyz", Encoding.UTF8.GetBytes(
            "--xyz\r\nContent-Disposition: form-data; name=\"photos\"; filename=\"../../x.jpg\"\r\nContent-Type: image/jpeg\r\n\r\nnot a jpeg\r\n--xyz--\r\n"));
    }

    /// <summary>
    /// Every post form of every page an administrator can open, sent with its valid anti-forgery token and every field
    /// replaced by a value no field accepts: 100 000 characters, or a control character.
    /// </summary>
    private static async Task<int> PostPageFormsWithTokenAsync(HttpClient admin, IReadOnlyList<Target> targets, List<string> failures)
    {
        var sent = 0;
        foreach (var target in targets.Where(t => t.IsPage && t.Methods.Contains("GET") && !SessionPages.Any(p => t.Path.StartsWith(p, StringComparison.Ordinal))))
        {
            using var view = await admin.GetAsync(new Uri(target.Path, UriKind.Relative));
            if (view.StatusCode != HttpStatusCode.OK || view.Content.Headers.ContentType?.MediaType != "text/html")
            {
                continue;
            }
            var page = await view.ReadDocumentAsync();
            var forms = page.QuerySelectorAll("form").OfType<IHtmlFormElement>()
                .Where(f => string.Equals(f.Method, "post", StringComparison.OrdinalIgnoreCase) && f.Id != "culture-form"
                    && !(f.GetAttribute("action") ?? "").Contains("/account/", StringComparison.Ordinal)).ToList();
            foreach (var form in forms)
            {
                var fields = form.Elements.OfType<IHtmlElement>()
                    .Select(e => e.GetAttribute("name"))
                    .Where(n => !string.IsNullOrEmpty(n) && n != "__RequestVerificationToken")
                    .Distinct().ToList();
                if (fields.Count == 0)
                {
                    continue;
                }
                var submit = form.QuerySelector<IHtmlButtonElement>("button[type=submit][name]");
                foreach (var bad in new[] { new string('x', 100_000), "x\u0000y", "\u0001\u0002" })
                {
                    var values = fields.ToDictionary(n => n!, _ => bad);
                    sent++;
                    using var response = await SubmitAsync(admin, page, form, values, submit?.Name, submit?.Value);
                    if ((int)response.StatusCode >= 500)
                    {
                        failures.Add($"{(int)response.StatusCode} token POST {target.Path} form {form.GetAttribute("action")} with {Shorten(bad)}");
                    }
                }
            }
        }
        return sent;
    }

    /// <summary>The form's anti-forgery token, the given values, and the submit button, as a browser sends them.</summary>
    private static async Task<HttpResponseMessage> SubmitAsync(
        HttpClient client, IHtmlDocument page, IHtmlFormElement form, Dictionary<string, string> values, string? submitName, string? submitValue)
    {
        var fields = new List<KeyValuePair<string, string>>();
        if (form.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]") is { } token)
        {
            fields.Add(new(token.Name!, token.Value));
        }
        fields.AddRange(values);
        if (!string.IsNullOrEmpty(submitName))
        {
            fields.Add(new(submitName, submitValue ?? ""));
        }
        var action = string.IsNullOrEmpty(form.GetAttribute("action")) ? page.Url : form.Action;
        var target = new Uri(new Uri(page.Url), action).PathAndQuery;
        using var content = new FormUrlEncodedContent(fields);
        return await client.PostAsync(new Uri(target, UriKind.Relative), content);
    }

    /// <summary>Real identifiers from the demo shop for route parameters: an RMA, an order number, a SKU…</summary>
    private async Task<IReadOnlyDictionary<string, string>> SampleValuesAsync() =>
        await factory.WithScopeAsync(async services =>
        {
            var db = services.GetRequiredService<ReturnsDbContext>();
            var rma = await db.Returns.OrderBy(r => r.Id).Select(r => r.Rma).FirstAsync();
            var order = await db.Orders.OrderBy(o => o.Id).Select(o => o.Number).FirstAsync();
            var sku = await db.Variants.OrderBy(v => v.Id).Select(v => v.Sku).FirstAsync();
            return (IReadOnlyDictionary<string, string>)new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            {
                ["rma"] = rma,
                ["number"] = order,
                ["orderNumber"] = order,
                ["sku"] = sku,
                ["code"] = "400",
                ["id"] = "1",
                ["eventKey"] = "return.created",
                ["language"] = "fr",
                ["kind"] = "line",
                ["email"] = "nobody-fuzz@example.fr",
            };
        });

    /// <summary>A hash of every row of every table but the volatile ones, per table.</summary>
    private async Task<Dictionary<string, string>> FingerprintAsync() =>
        await factory.WithScopeAsync(async services =>
        {
            var db = services.GetRequiredService<ReturnsDbContext>();
            var tables = db.Model.GetEntityTypes().Select(t => t.GetTableName()).OfType<string>()
                .Concat(["AspNetUsers", "AspNetUserRoles"]).Distinct()
                .Where(t => !VolatileTables.Contains(t) && !t.StartsWith("Analytics", StringComparison.Ordinal)).ToList();
            var connection = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync();
            var result = new Dictionary<string, string>();
            foreach (var table in tables)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = $"SELECT * FROM \"{table}\"";
                result[table] = await HashRowsAsync(command);
            }
            return result;
        });

    private static async Task<string> HashRowsAsync(DbCommand command)
    {
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            var row = new StringBuilder();
            for (var i = 0; i < reader.FieldCount; i++)
            {
                row.Append(reader.IsDBNull(i) ? "∅" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture) is { } s
                    ? s : "").Append('|');
            }
            rows.Add(row.ToString());
        }
        rows.Sort(StringComparer.Ordinal);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', rows))));
    }

    // Keeps control characters and brackets visible to the server: escapes only what would break the query itself.
    private static string EscapeLoosely(string value) => Uri.EscapeDataString(value);

    private static string Shorten(string text) => text.Length > 120 ? text[..120] + $"…({text.Length})" : text;
}
