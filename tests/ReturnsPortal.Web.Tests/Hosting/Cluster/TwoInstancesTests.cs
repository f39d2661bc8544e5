using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using ReturnsPortal.Domain.Integrations;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Hosting.Cluster;

/// <summary>Real processes, ports and CPU: never beside the in-process tests (xunit runs this collection alone).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterCollection
{
    public const string Name = "Two instances";
}

/// <summary>
/// Issue 17 item 5, ADR 0113: two portal processes in Production on one PostgreSQL behind nginx (TLS, round-robin).
/// One test, its scenarios in the order a shop lives them; a scenario that fails is recorded and the next ones still
/// run (they are independent where they can be), so one run gives every figure. The figures go to
/// <c>TestResults/two-instances.txt</c>, which scripts/test.sh prints before its summary.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class TwoInstancesTests
{
    private const int BurstRequests = 300;
    private const int BurstConcurrency = 8;
    private const int KillAfter = 100;

    private TwoInstanceCluster cluster = null!;
    private readonly Stopwatch watch = Stopwatch.StartNew();
    private readonly List<string> figures = [];
    private readonly List<string> failures = [];

    [Fact]
    public async Task Two_instances_behind_nginx_share_sign_in_photos_limits_mail_and_jobs_and_one_survives_losing_the_other()
    {
        // Disposed at the end whatever happens: nginx and both processes killed, the database dropped.
        await using var owned = new TwoInstanceCluster();
        cluster = owned;
        try
        {
            await cluster.StartAsync();
        }
        catch (Exception ex)
        {
            throw new InvalidOperationException($"The cluster did not start: {ex.Message}\n{cluster.Diagnostics()}", ex);
        }
        figures.Add($"started in {watch.Elapsed.TotalSeconds:F1} s (migrate, admin create, two instances ready, nginx)");

        using var staff = cluster.Client("staff");
        using var integration = cluster.Client("integration");
        using var customer = cluster.Client("customer");
        string signedInBy = "";
        string? rma = null;

        await ScenarioAsync("1a. staff signs in through one instance, the form made by the other", async () =>
        {
            var form = await staff.Http.GetDocumentAsync("/account/login");
            var formBy = staff.Last.Instance;
            using var login = await staff.Http.SubmitAsync(form, "main form", new Dictionary<string, string>
            {
                ["Form.Email"] = TwoInstanceCluster.AdminEmail,
                ["Form.Password"] = TwoInstanceCluster.AdminPassword,
            });
            login.StatusCode.ShouldBe(HttpStatusCode.Redirect, "the administrator made by `admin create` signs in");
            signedInBy = staff.Last.Instance;
            signedInBy.ShouldNotBe(formBy, "the login form (antiforgery) came from one instance, the sign-in was done by the other");
            figures.Add($"sign-in: form from {formBy}, signed in by {signedInBy}");
        });

        await ScenarioAsync("setup: an API key on its page, a product and an order through the API", async () =>
        {
            var key = await CreateApiKeyAsync(staff);
            integration.Http.DefaultRequestHeaders.Add("X-Api-Key", key);
            using (var products = await PostJsonAsync(integration, "/api/v1/products", new
            {
                products = new[]
                {
                    new { sku = "CL-TSH-M", productCode = "CL-TSH", name = "T-shirt Grappe", categoryCode = "tshirts", categoryName = "T-shirts", size = "M", colour = "Noir", price = new { amount = 19.90m, currency = "EUR" } },
                },
            }))
            {
                products.IsSuccessStatusCode.ShouldBeTrue(await products.Content.ReadAsStringAsync());
            }
            using var order = await PostJsonAsync(integration, "/api/v1/orders", Order("CL-1001", "lea.cluster@example.fr"));
            order.StatusCode.ShouldBe(HttpStatusCode.Created, await order.Content.ReadAsStringAsync());
        });

        await ScenarioAsync("2. a customer goes through the wizard with requests alternating, a photo included", async () =>
        {
            rma = await WizardAsync(customer, "CL-1001", "lea.cluster@example.fr");
            var answers = customer.Answers;
            var switches = answers.Zip(answers.Skip(1)).Count(p => p.First.Instance != p.Second.Instance);
            figures.Add($"wizard: {answers.Count} requests, {switches} switches of instance, return {rma}");
            answers.Select(a => a.Instance).Distinct().Order().ToList().ShouldBe(["A", "B"]);
            switches.ShouldBe(answers.Count - 1, "round-robin: each request of the wizard went to the other instance than the one before");

            var detail = await staff.Http.GetDocumentAsync($"/staff/returns/{rma}");
            var photo = detail.QuerySelector("img[src^='/staff/photos/customer/']")?.GetAttribute("src").ShouldNotBeNull("the customer's photo is on the return's page");
            var seenBy = new List<string>();
            var bodies = new List<byte[]>();
            for (var i = 0; i < 2; i++)
            {
                using var served = await staff.Http.GetAsync(new Uri(photo!, UriKind.Relative));
                served.StatusCode.ShouldBe(HttpStatusCode.OK);
                // Re-encoded on receipt (ADR 0126): a PNG, the same bytes from either instance.
                var body = await served.Content.ReadAsByteArrayAsync();
                body[..8].ShouldBe(StaffSteps.Png[..8]);
                bodies.Add(body);
                seenBy.Add(staff.Last.Instance);
            }
            bodies[1].ShouldBe(bodies[0]);
            seenBy.Distinct().Order().ToList().ShouldBe(["A", "B"], customMessage: "the photo is served by both instances (Files:Store=Database)");
        });

        await ScenarioAsync("1b. the staff member decides the return through the other instance", async () =>
        {
            rma.ShouldNotBeNull("the wizard made no return");
            await ReceiveAndInspectAsync(staff, rma!);
            await staff.NextGoesToAsync(signedInBy);
            var decide = await staff.Http.GetDocumentAsync($"/staff/returns/{rma}/decide");
            var formBy = staff.Last.Instance;
            using var decided = await staff.Http.SubmitAsync(decide, "#decide-form", StaffSteps.Selected(decide));
            decided.StatusCode.ShouldBe(HttpStatusCode.Redirect, await decided.Content.ReadAsStringAsync());
            decided.Headers.Location!.OriginalString.ShouldBe($"/staff/returns/{rma}");
            var decidedBy = staff.Last.Instance;
            figures.Add($"decision: signed in on {signedInBy}, decision form from {formBy}, decided on {decidedBy}");
            decidedBy.ShouldNotBe(signedInBy, "the sign-in cookie of one instance is accepted by the other");
            await using var db = cluster.Database();
            (await db.Returns.Where(r => r.Rma == rma).Select(r => r.Status).SingleAsync()).ShouldBe(ReturnStatus.Resolved);
        });

        await ScenarioAsync("4. one e-mail per event", async () =>
        {
            var (sent, received) = await WaitForMailAsync();
            var duplicates = received.GroupBy(m => m.MessageId).Sum(g => g.Count() - 1);
            figures.Add($"e-mails: {received.Count} received by SMTP, {sent} recorded as sent, {duplicates} duplicates; to the customer: "
                + string.Join(" | ", received.Where(m => m.To.ToString().Contains("lea.cluster", StringComparison.Ordinal)).Select(m => m.Subject)));
            duplicates.ShouldBe(0);
            received.Count.ShouldBe(sent, "each e-mail the outbox sent arrived once");
            received.Count(m => m.To.ToString().Contains("lea.cluster", StringComparison.Ordinal))
                .ShouldBeGreaterThanOrEqualTo(2, "the return's creation and its decision mailed the customer");
        });

        await ScenarioAsync("3. the 11th order look-up within the window is refused, whichever instance gets it", async () =>
        {
            // Its own client address (127.0.0.2), so the count starts at 0 whatever the wizard looked up before.
            using var visitor = cluster.Client("visitor", IPAddress.Parse("127.0.0.2"));
            var page = await visitor.Http.GetDocumentAsync("/returns");
            var statuses = new List<(int Status, string Instance)>();
            for (var i = 1; i <= 11; i++)
            {
                using var lookUp = await visitor.Http.SubmitAsync(page, "main form", new Dictionary<string, string>
                {
                    ["Form.OrderNumber"] = $"NOPE-{i}",
                    ["Form.Email"] = "nobody@example.fr",
                });
                statuses.Add(((int)lookUp.StatusCode, visitor.Last.Instance));
            }
            figures.Add("order look-ups from one client: " + string.Join(", ", statuses.Select((s, i) => $"{i + 1}:{s.Status}@{s.Instance}")));
            statuses.Take(10).ShouldAllBe(s => s.Status != 429, "the first ten look-ups are answered");
            statuses.Select(s => s.Instance).Distinct().Count().ShouldBe(2, "the look-ups alternated between the instances");
            statuses[10].Status.ShouldBe(429, "the 11th look-up within 15 minutes is refused: the counter is the cluster's, not one instance's");
        });

        await ScenarioAsync("5. a leased job runs once per interval across the cluster", () =>
        {
            CheckJobs();
            return Task.CompletedTask;
        });

        await ScenarioAsync("6. one instance is killed during a burst; the other serves on, nothing acknowledged is lost", () => BurstAsync(integration));

        var all = cluster.AllAnswers;
        figures.Add($"requests through nginx: {all.Count} (A {all.Count(a => a.Instance == "A")}, B {all.Count(a => a.Instance == "B")}), "
            + $"errors (>= 500 or no answer) {all.Count(a => a.Status is 0 or >= 500)}");
        figures.Add($"seconds the test took: {watch.Elapsed.TotalSeconds:F1}");
        WriteFigures();
        if (failures.Count > 0)
        {
            throw new ShouldAssertException(
                $"{failures.Count} scenario(s) failed:\n{string.Join("\n", failures)}\n\nFigures:\n{string.Join("\n", figures)}\n\n{cluster.Diagnostics()}");
        }
    }

    private async Task ScenarioAsync(string name, Func<Task> scenario)
    {
        try
        {
            await scenario();
        }
        catch (Exception ex)
        {
            failures.Add($"- {name}: {ex.Message}");
            figures.Add($"FAILED {name}");
        }
    }

    private static async Task<HttpResponseMessage> PostJsonAsync(ClusterClient client, string path, object body)
    {
        using var content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        return await client.Http.PostAsync(new Uri(path, UriKind.Relative), content);
    }

    private static object Order(string number, string email) => new
    {
        number,
        email,
        firstName = "Léa",
        lastName = "Grappe",
        language = "fr",
        address = new { line1 = "3 rue de la Paix", postcode = "75002", city = "Paris", country = "FR" },
        placedAt = DateTimeOffset.UtcNow.AddDays(-6),
        shippedAt = DateTimeOffset.UtcNow.AddDays(-5),
        deliveredAt = DateTimeOffset.UtcNow.AddDays(-3),
        paymentMethod = "card",
        currency = "EUR",
        lines = new[] { new { sku = "CL-TSH-M", quantity = 1, unitPrice = 19.90m } },
    };

    /// <summary>The admin creates a key with every scope on /manage/api-keys; the page shows it once after the redirect.</summary>
    private static async Task<string> CreateApiKeyAsync(ClusterClient staff)
    {
        var page = await staff.Http.GetDocumentAsync("/manage/api-keys");
        var form = page.QuerySelector<IHtmlFormElement>("#create-key").ShouldNotBeNull();
        var fields = HtmlMultipartForms.FormFields(form).Where(f => f.Key != "Form.Scopes" && f.Key != "Form.Name").ToList();
        fields.Add(new("Form.Name", "Boutique en ligne"));
        fields.AddRange(ApiScopes.All.Select(s => KeyValuePair.Create("Form.Scopes", s)));
        using var content = new FormUrlEncodedContent(fields);
        using var created = await staff.Http.PostAsync(new Uri(new Uri(new Uri(page.Url), form.Action).PathAndQuery, UriKind.Relative), content);
        created.StatusCode.ShouldBe(HttpStatusCode.Redirect, await created.Content.ReadAsStringAsync());
        var shown = await staff.Http.GetDocumentAsync(created.Headers.Location!.OriginalString);
        var key = shown.QuerySelector("#new-key-value").Text();
        key.ShouldNotBeNullOrEmpty("the new key is shown once after the redirect, whichever instance shows it");
        return key;
    }

    /// <summary>Find the order, one item, reason "defective" with a photo, refund, in store, confirm: the RMA.</summary>
    private static async Task<string> WizardAsync(ClusterClient customer, string number, string email)
    {
        var client = customer.Http;
        var find = await client.GetDocumentAsync("/returns");
        using (var found = await client.SubmitAsync(find, "main form", new Dictionary<string, string> { ["Form.OrderNumber"] = number, ["Form.Email"] = email }))
        {
            found.StatusCode.ShouldBe(HttpStatusCode.Redirect, "the order is found");
        }
        var items = await client.GetDocumentAsync("/returns/start");
        (await RedirectOf(client.SubmitFormAsync(items, "#items-form", new Dictionary<string, string> { ["Lines[0].Quantity"] = "1" }))).ShouldBe("/returns/start/reason");
        var reason = await client.GetDocumentAsync("/returns/start/reason");
        var defective = reason.QuerySelectorAll<IHtmlOptionElement>("#reason-form select[name='Lines[0].ReasonId'] option")
            .First(o => o.Text.Contains("défectueux", StringComparison.OrdinalIgnoreCase)).Value;
        var photoField = reason.QuerySelector<IHtmlInputElement>("#reason-form input[type=file]").ShouldNotBeNull().Name!;
        (await RedirectOf(client.SubmitMultipartAsync(reason, "#reason-form", new Dictionary<string, string>
        {
            ["Lines[0].ReasonId"] = defective,
            ["Lines[0].Comment"] = "La couture a lâché",
        }, [new UploadFile(photoField, "couture.png", StaffSteps.Png, "image/png")]))).ShouldBe("/returns/start/solution");
        var solution = await client.GetDocumentAsync("/returns/start/solution");
        (await RedirectOf(client.SubmitFormAsync(solution, "#solution-form", new Dictionary<string, string> { ["Resolution"] = "Refund" }))).ShouldBe("/returns/start/shipping");
        var shipping = await client.GetDocumentAsync("/returns/start/shipping");
        (await RedirectOf(client.SubmitFormAsync(shipping, "#shipping-form", new Dictionary<string, string> { ["Form.Method"] = "InStore" }))).ShouldBe("/returns/start/review");
        var review = await client.GetDocumentAsync("/returns/start/review");
        var done = await RedirectOf(client.SubmitAsync(review, "#confirm-form", new Dictionary<string, string>()));
        done.ShouldStartWith("/returns/start/done/");
        return done["/returns/start/done/".Length..].Split('?')[0];
    }

    private static async Task<string> RedirectOf(Task<HttpResponseMessage> post)
    {
        using var response = await post;
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, $"{response.RequestMessage?.RequestUri}: {await response.Content.ReadAsStringAsync()}");
        return response.Headers.Location!.OriginalString;
    }

    /// <summary>The parcel received in full, then the line inspected (grade A, tags on).</summary>
    private static async Task ReceiveAndInspectAsync(ClusterClient staff, string rma)
    {
        var detail = await staff.Http.GetDocumentAsync($"/staff/returns/{rma}");
        (await RedirectOf(staff.Http.SubmitAsync(detail, "#receive-form", new Dictionary<string, string> { ["Form.Lines[0].Outcome"] = "Received" })))
            .ShouldBe($"/staff/returns/{rma}/inspect");
        var inspect = await staff.Http.GetDocumentAsync($"/staff/returns/{rma}/inspect");
        await RedirectOf(staff.Http.SubmitMultipartAsync(inspect, "#inspect-form", new Dictionary<string, string>
        {
            ["Form.Grade"] = "A",
            ["Form.Serial"] = "NotApplicable",
            ["Form.Required[tags_attached]"] = "true",
            ["Form.Notes"] = "Couture décousue",
        }, []));
    }

    /// <summary>Waits until the outbox is worked off (every row processed or dead), then compares the SMTP server with SentEmails.</summary>
    private async Task<(int Sent, List<MimeKit.MimeMessage> Received)> WaitForMailAsync()
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await using var db = cluster.Database();
            var pending = await db.Outbox.CountAsync(m => m.ProcessedAt == null && m.DeadAt == null);
            var sent = await db.SentEmails.CountAsync();
            if ((pending == 0 && cluster.Smtp.Received.Count >= sent) || DateTime.UtcNow > until)
            {
                // A moment more: a duplicate sent by the other instance would arrive now.
                await Task.Delay(TimeSpan.FromSeconds(2));
                return (await db.SentEmails.CountAsync(), [.. cluster.Smtp.Received]);
            }
            await Task.Delay(500);
        }
    }

    /// <summary>
    /// From both instances' logs (PeriodicWorker's line per pass), while both run: the hourly and daily jobs ran once in
    /// the whole cluster, and the 5-second job's passes are never closer than its interval, whoever ran them.
    /// </summary>
    private void CheckJobs()
    {
        var lines = new List<string>();
        var problems = new List<string>();
        foreach (var (job, once) in new[] { ("daily-notifications", false), ("label-expiry", true), ("analytics-alerts", true) })
        {
            var passes = cluster.Instances.SelectMany(i => i.PassesOf(job).Select(t => (Time: t, i.Name))).OrderBy(p => p.Time).ToList();
            lines.Add($"{job}: {passes.Count} passes ({string.Join(", ", cluster.Instances.Select(i => $"{i.Name} {passes.Count(p => p.Name == i.Name)}"))})");
            if (once && passes.Count != 1)
            {
                problems.Add($"{job} ran {passes.Count} times; its interval is longer than the test, so once in the cluster");
            }
            if (!once)
            {
                var gaps = passes.Zip(passes.Skip(1)).Select(p => p.Second.Time - p.First.Time).ToList();
                if (passes.Count < 2)
                {
                    problems.Add($"{job} ran {passes.Count} time(s); the test lasted long enough for several passes");
                }
                // The lease is taken for one interval: a second pass within it, by either instance, would be a duplicate.
                if (gaps.Count > 0 && gaps.Min() < TwoInstanceCluster.JobInterval - TimeSpan.FromMilliseconds(500))
                {
                    problems.Add($"{job}: two passes {gaps.Min().TotalSeconds:F2} s apart, less than its interval {TwoInstanceCluster.JobInterval.TotalSeconds} s");
                }
                if (gaps.Count > 0)
                {
                    lines[^1] += $", shortest gap {gaps.Min().TotalSeconds:F1} s";
                }
            }
        }
        figures.Add("job passes while both instances ran: " + string.Join("; ", lines));
        problems.ShouldBeEmpty();
    }

    /// <summary>
    /// <see cref="BurstRequests"/> requests, <see cref="BurstConcurrency"/> at a time, half writes (a new order through the
    /// API) and half reads; instance B is killed after <see cref="KillAfter"/> were sent. Every write acknowledged (2xx)
    /// must be in the database afterwards.
    /// </summary>
    private async Task BurstAsync(ClusterClient integration)
    {
        var victim = cluster.Instances[1];
        var sent = 0;
        var errors = 0;
        var killedAt = -1;
        var acknowledged = new System.Collections.Concurrent.ConcurrentBag<string>();
        var results = new (int Status, string Instance)[BurstRequests];
        var prefix = $"BURST-{Guid.NewGuid().ToString("N")[..6].ToUpperInvariant()}-";
        var started = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, BurstRequests), new ParallelOptions { MaxDegreeOfParallelism = BurstConcurrency }, async (i, ct) =>
        {
            if (Interlocked.Increment(ref sent) == KillAfter + 1)
            {
                victim.Kill();
                killedAt = i;
            }
            var write = i % 2 == 0;
            var number = prefix + i.ToString("D4", CultureInfo.InvariantCulture);
            try
            {
                using var response = write
                    ? await PostJsonAsync(integration, "/api/v1/orders", Order(number, $"burst{i}@example.fr"))
                    : await integration.Http.GetAsync(new Uri("/api/v1/reasons", UriKind.Relative), ct);
                results[i] = ((int)response.StatusCode, cluster.InstanceOf(response));
                if (write && response.IsSuccessStatusCode)
                {
                    acknowledged.Add(number);
                }
                if ((int)response.StatusCode >= 500)
                {
                    Interlocked.Increment(ref errors);
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                results[i] = (0, "none");
                Interlocked.Increment(ref errors);
            }
        });
        var seconds = started.Elapsed.TotalSeconds;
        await using var db = cluster.Database();
        var found = await db.Orders.Where(o => o.Number.StartsWith(prefix)).Select(o => o.Number).ToListAsync();
        var lost = acknowledged.Except(found).Count();
        var unacknowledgedButSaved = found.Except(acknowledged).Count();
        var afterKill = results.Skip(Math.Max(0, killedAt) + 2 * BurstConcurrency).ToList();
        using var ready = await integration.Http.GetAsync(new Uri("/health/ready", UriKind.Relative));
        figures.Add($"burst: {BurstRequests} requests ({BurstConcurrency} at a time, {seconds:F1} s), instance {victim.Name} killed after {KillAfter} sent; "
            + $"errors (>= 500 or no answer) {errors}; writes acknowledged {acknowledged.Count}, found in the database {found.Count}, lost {lost}, "
            + $"saved without acknowledgement {unacknowledgedButSaved}; answered by A {results.Count(r => r.Instance == "A")}, by B {results.Count(r => r.Instance == "B")}");

        victim.HasExited.ShouldBeTrue();
        lost.ShouldBe(0, "every acknowledged write is in the database");
        errors.ShouldBeLessThanOrEqualTo(BurstConcurrency, "only requests in flight on the killed instance may fail");
        afterKill.ShouldAllBe(r => r.Status > 0 && r.Status < 500, "after the kill the other instance answers everything");
        ready.StatusCode.ShouldBe(HttpStatusCode.OK, "the cluster is ready with one instance");
    }

    private void WriteFigures()
    {
        var folder = Path.Combine(PortalProcess.RepositoryRoot, "TestResults");
        Directory.CreateDirectory(folder);
        var text = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"Two instances behind nginx on one PostgreSQL (TwoInstancesTests, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC)")
            .AppendJoin('\n', figures.Select(f => "  " + f)).AppendLine();
        if (failures.Count > 0)
        {
            text.AppendLine("  failed:").AppendJoin('\n', failures.Select(f => "  " + f)).AppendLine();
        }
        File.WriteAllText(Path.Combine(folder, "two-instances.txt"), text.ToString());
    }
}
