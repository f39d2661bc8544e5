using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;
using ReturnsPortal.Domain.Notifications;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Domain.Seeding;
using ReturnsPortal.Domain.Withdrawals;
using ReturnsPortal.Web.Notifications;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Notifications;

/// <summary>
/// The outbox dispatcher against a real SMTP server (SmtpServer package) with MailKit as the client, on the seeded
/// database. Tests of a class share it and run one after another: each first marks every pending message as
/// processed, so only its own messages are in play.
/// </summary>
public abstract class NotificationTests(PortalFactory factory)
{
    private const string From = "retours@maison-lumiere.example";
    private static readonly DateTime Start = new(2026, 11, 26, 9, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Each_customer_event_sends_exactly_one_email_in_the_returns_language_with_its_content()
    {
        await DrainAsync();
        await using var smtp = new TestSmtpServer();
        await smtp.StartAsync();
        var clock = new MutableClock(Start);

        var english = await NewReturnAsync("en", "Too big <script>alert('x')</script>");
        await MoveAsync(english, (r, at) => r.Approve("agent", at));
        await MoveAsync(english, (r, at) => r.Receive("inspector", at));
        await MoveAsync(english, (r, at) => r.CompleteInspection("inspector", at));
        await MoveAsync(english, (r, at) => r.SubmitDecision(false, "agent", at));
        var french = await NewReturnAsync("fr", null);
        await MoveAsync(french, (r, at) => r.Reject("Article porté <b>et</b> lavé", "agent", at));
        var cancelled = await NewReturnAsync("fr", null);
        await MoveAsync(cancelled, (r, at) => r.Cancel("customer", at));
        var withdrawal = await NewWithdrawalAsync("en");

        await RunUntilEmptyAsync(Processor(smtp.Port, clock));

        var mails = smtp.Received.ToList();
        // created ×3, received, resolved, rejected, cancelled, withdrawal; Approved and Inspected tell the customer nothing.
        mails.Count.ShouldBe(8);
        mails.Select(m => m.MessageId).Distinct().Count().ShouldBe(8);
        mails.ShouldAllBe(m => m.To.Mailboxes.Single().Address == DemoShopSeeder.DemoCustomerEmail);

        var created = mails.Single(m => m.Subject == $"Your return {english} is registered");
        created.Body!.Headers[HeaderId.ContentLanguage].ShouldBe("en");
        created.TextBody!.ShouldContain($"http://localhost:5080/returns/track/{english}/label");
        created.TextBody!.ShouldContain("Ship it by");
        created.TextBody!.ShouldContain("Maison Lumière");
        // The customer's comment arrives as text, never as markup.
        created.HtmlBody!.ShouldNotContain("<script>");
        created.HtmlBody!.ShouldContain("&lt;script&gt;");
        created.HtmlBody!.ShouldContain($"href=\"http://localhost:5080/returns/track/{english}\"");
        // Every customer e-mail links to the public return policy.
        mails.ShouldAllBe(m => m.TextBody!.Contains("http://localhost:5080/returns/policy", StringComparison.Ordinal));
        mails.ShouldContain(m => m.Subject == $"We have received your parcel ({english})");
        mails.Single(m => m.Subject == $"Your return {english} is accepted").TextBody!.ShouldContain("refund");

        var rejected = mails.Single(m => m.Subject == $"Votre retour {french} n'a pas pu être accepté");
        rejected.Body!.Headers[HeaderId.ContentLanguage].ShouldBe("fr");
        rejected.TextBody!.ShouldContain("Article porté <b>et</b> lavé");
        rejected.HtmlBody!.ShouldContain("Article porté &lt;b&gt;et&lt;/b&gt; lavé");
        mails.ShouldContain(m => m.Subject == $"Votre retour {french} est enregistré");
        mails.ShouldContain(m => m.Subject == $"Votre retour {cancelled} est annulé");

        var ack = mails.Single(m => m.Subject == $"Acknowledgement of your withdrawal ({withdrawal.Reference})");
        ack.TextBody!.ShouldContain(withdrawal.Content.Split('\n')[0].Trim());
        ack.TextBody!.ShouldContain("(Paris time)");

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReturnsDbContext>();
        (await db.Outbox.CountAsync(m => m.ProcessedAt == null)).ShouldBe(0);
        var ids = mails.Select(m => m.MessageId).ToList();
        (await db.SentEmails.CountAsync(e => ids.Contains(e.MessageId))).ShouldBe(8);
    }

    [Fact]
    public async Task With_smtp_down_a_message_is_retried_with_growing_back_off_then_delivered_once()
    {
        await DrainAsync();
        await using var smtp = new TestSmtpServer();
        var clock = new MutableClock(Start);
        var withdrawal = await NewWithdrawalAsync("fr");
        var processor = () => Processor(smtp.Port, clock);

        (await processor().ProcessBatchAsync(CancellationToken.None)).ShouldBe(1);
        var first = await MessageAsync(withdrawal.Reference);
        first.Attempts.ShouldBe(1);
        first.NextAttemptAt.ShouldBe(Start + TimeSpan.FromSeconds(30));
        first.LastError.ShouldNotBeNullOrEmpty();
        // Not due yet: nothing is claimed.
        (await processor().ProcessBatchAsync(CancellationToken.None)).ShouldBe(0);

        clock.Advance(TimeSpan.FromSeconds(31));
        await processor().ProcessBatchAsync(CancellationToken.None);
        var second = await MessageAsync(withdrawal.Reference);
        second.Attempts.ShouldBe(2);
        (second.NextAttemptAt!.Value - clock.GetUtcNow().UtcDateTime).ShouldBe(TimeSpan.FromSeconds(60));

        await smtp.StartAsync();
        clock.Advance(TimeSpan.FromSeconds(61));
        await RunUntilEmptyAsync(processor());
        clock.Advance(TimeSpan.FromHours(1));
        await RunUntilEmptyAsync(processor());

        smtp.Received.Count.ShouldBe(1);
        smtp.Received.Single().Subject.ShouldBe($"Accusé de réception de votre rétractation ({withdrawal.Reference})");
        var sent = await MessageAsync(withdrawal.Reference);
        sent.ProcessedAt.ShouldNotBeNull();
        sent.DeadAt.ShouldBeNull();
        sent.LockedBy.ShouldBeNull();
    }

    [Fact]
    public async Task An_undeliverable_address_is_recorded_and_dead_lettered_at_once()
    {
        await DrainAsync();
        await using var smtp = new TestSmtpServer();
        await smtp.StartAsync();
        var clock = new MutableClock(Start);
        var withdrawal = await NewWithdrawalAsync("fr", $"someone@{TestSmtpServer.RejectedDomain}");

        await RunUntilEmptyAsync(Processor(smtp.Port, clock));

        var message = await MessageAsync(withdrawal.Reference);
        message.DeadAt.ShouldBe(Start);
        message.Attempts.ShouldBe(1);
        message.LastError!.ShouldStartWith("Undeliverable address");
        smtp.Received.ShouldBeEmpty();
    }

    [Fact]
    public async Task After_max_attempts_a_message_is_dead_and_an_admins_retry_sends_it()
    {
        await DrainAsync();
        await using var smtp = new TestSmtpServer();
        var clock = new MutableClock(Start);
        var withdrawal = await NewWithdrawalAsync("en");
        for (var i = 0; i < 3; i++)
        {
            await Processor(smtp.Port, clock, maxAttempts: 3).ProcessBatchAsync(CancellationToken.None);
            clock.Advance(TimeSpan.FromHours(2));
        }
        var dead = await MessageAsync(withdrawal.Reference);
        dead.Attempts.ShouldBe(3);
        dead.DeadAt.ShouldNotBeNull();
        (await Processor(smtp.Port, clock).ProcessBatchAsync(CancellationToken.None)).ShouldBe(0);

        var inspector = await SignedInAsync("inspector@example.fr");
        using (var refused = await inspector.GetAsync(new Uri("/manage/outbox", UriKind.Relative)))
        {
            refused.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            refused.Headers.Location!.AbsolutePath.ShouldBe("/account/access-denied");
        }
        var admin = await SignedInAsync("admin@example.fr");
        var page = await admin.GetDocumentAsync("/manage/outbox");
        var row = page.QuerySelector($"#outbox-{dead.Id}");
        row.ShouldNotBeNull();
        row!.QuerySelector(".outbox-state").Text().ShouldContain("Abandonné");
        row.QuerySelector(".outbox-error").Text().ShouldNotBeNullOrWhiteSpace();

        using var response = await admin.SubmitAsync(page, $"#outbox-{dead.Id} form", new Dictionary<string, string>());
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var retried = await MessageAsync(withdrawal.Reference);
        retried.DeadAt.ShouldBeNull();
        retried.Attempts.ShouldBe(0);

        await smtp.StartAsync();
        await RunUntilEmptyAsync(Processor(smtp.Port, clock));
        smtp.Received.Count.ShouldBe(1);
        (await MessageAsync(withdrawal.Reference)).ProcessedAt.ShouldNotBeNull();
        (await admin.GetDocumentAsync("/manage/outbox")).QuerySelector($"#outbox-{dead.Id}").ShouldBeNull();
    }

    [Fact]
    public async Task Without_smtp_the_email_is_an_eml_file_listed_on_the_mailbox_page()
    {
        await DrainAsync();
        var clock = new MutableClock(Start);
        var rma = await NewReturnAsync("fr", "Couleur <script>x</script>");
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            // The app's own wiring: no Smtp:Host in the test settings, so the mailbox folder.
            scope.ServiceProvider.GetRequiredService<IEmailSender>().ShouldBeOfType<MailboxEmailSender>();
            var processor = ActivatorUtilities.CreateInstance<OutboxProcessor>(scope.ServiceProvider, clock);
            await RunUntilEmptyAsync(processor);
        }
        var folder = factory.Services.GetRequiredService<MailboxFolder>();
        Directory.GetFiles(folder.Path, "*.eml").Length.ShouldBeGreaterThanOrEqualTo(1);

        var manager = await SignedInAsync("manager@example.fr");
        var list = await manager.GetDocumentAsync("/manage/mailbox");
        var link = list.QuerySelectorAll("#mailbox a").SingleOrDefault(a => a.Text() == $"Votre retour {rma} est enregistré");
        link.ShouldNotBeNull();
        list.QuerySelector("#nav-mailbox").ShouldNotBeNull();
        list.QuerySelector("#nav-outbox").ShouldBeNull();

        var detail = await manager.GetDocumentAsync(link!.GetAttribute("href")!);
        detail.QuerySelector("#mail-to").Text().ShouldContain(DemoShopSeeder.DemoCustomerEmail);
        detail.QuerySelector("#mail-text").Text().ShouldContain("Couleur <script>x</script>");
        detail.QuerySelectorAll("#mail-text script").Length.ShouldBe(0);
        using var missing = await manager.GetAsync(new Uri("/manage/mailbox/..%2F..%2Fkeys", UriKind.Relative));
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Two_dispatchers_working_concurrently_send_every_message_exactly_once()
    {
        await DrainAsync();
        await using var smtp = new TestSmtpServer();
        await smtp.StartAsync();
        var clock = new MutableClock(Start);
        const int count = 120;
        var references = new List<string>();
        for (var i = 0; i < count; i++)
        {
            references.Add((await NewWithdrawalAsync(i % 2 == 0 ? "fr" : "en")).Reference);
        }

        async Task<int> DispatcherAsync(string name)
        {
            var total = 0;
            await using var scope = factory.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ReturnsDbContext>();
            while (true)
            {
                db.ChangeTracker.Clear();
                var claimed = await Processor(smtp.Port, clock, db: db, batchSize: 7, name: name).ProcessBatchAsync(CancellationToken.None);
                if (claimed == 0)
                {
                    return total;
                }
                total += claimed;
            }
        }
        var both = await Task.WhenAll(Task.Run(() => DispatcherAsync("a")), Task.Run(() => DispatcherAsync("b")));

        both.Sum().ShouldBe(count);
        smtp.Received.Count.ShouldBe(count);
        smtp.Received.Select(m => m.MessageId).Distinct().Count().ShouldBe(count);
        var subjects = smtp.Received.Select(m => m.Subject ?? "").ToList();
        references.ShouldAllBe(r => subjects.Count(s => s.Contains(r, StringComparison.Ordinal)) == 1);
        await using var check = factory.Services.CreateAsyncScope();
        var dbCheck = check.ServiceProvider.GetRequiredService<ReturnsDbContext>();
        (await dbCheck.Outbox.CountAsync(m => m.ProcessedAt == null)).ShouldBe(0);
    }

    private OutboxProcessor Processor(
        int port, TimeProvider clock, int maxAttempts = 5, ReturnsDbContext? db = null, int batchSize = 20, string name = "test")
    {
        db ??= factory.Services.CreateScope().ServiceProvider.GetRequiredService<ReturnsDbContext>();
        var smtp = new SmtpOptions { Host = "127.0.0.1", Port = port, UseTls = false, From = From };
        var shop = new ShopOptions();
        var options = new OutboxOptions { BatchSize = batchSize, MaxAttempts = maxAttempts, BaseDelaySeconds = 30, MaxDelayMinutes = 60 };
        return new OutboxProcessor(db, new SmtpEmailSender(smtp), new CustomerEmails(db, shop), clock, options, smtp, shop,
            NullLogger<OutboxProcessor>.Instance)
        { InstanceName = name };
    }

    private static async Task RunUntilEmptyAsync(OutboxProcessor processor)
    {
        while (await processor.ProcessBatchAsync(CancellationToken.None) > 0)
        {
        }
    }

    private async Task DrainAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReturnsDbContext>();
        await db.Outbox.Where(m => m.ProcessedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.ProcessedAt, Start.AddDays(-1)).SetProperty(m => m.DeadAt, (DateTime?)null));
    }

    private async Task<OutboxMessage> MessageAsync(string reference)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReturnsDbContext>();
        return await db.Outbox.AsNoTracking().SingleAsync(m => m.DedupeKey == $"withdrawal:{reference}");
    }

    private async Task<string> NewReturnAsync(string language, string? comment)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReturnsDbContext>();
        var order = await db.Orders.Include(o => o.Lines).SingleAsync(o => o.Number == DemoShopSeeder.ReturnableOrder);
        var policy = await db.Policies.FirstAsync(p => p.IsDefault);
        var reason = await db.Reasons.OrderBy(r => r.Id).FirstAsync();
        var line = order.Lines.OrderBy(l => l.Id).First();
        var request = ReturnRequest.Create(RmaNumber.Generate(), order, policy, [new ReturnLine(line.Id, 1, reason.Id, comment)],
            Resolution.Refund, ReturnMethod.Pickup, null, language, "customer", DateTime.UtcNow);
        db.Returns.Add(request);
        await db.SaveChangesAsync();
        return request.Rma;
    }

    private async Task MoveAsync(string rma, Action<ReturnRequest, DateTime> move)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReturnsDbContext>();
        var request = await db.Returns.SingleAsync(r => r.Rma == rma);
        move(request, DateTime.UtcNow);
        await db.SaveChangesAsync();
    }

    private async Task<Withdrawal> NewWithdrawalAsync(string language, string email = DemoShopSeeder.DemoCustomerEmail)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReturnsDbContext>();
        var order = await db.Orders.AsNoTracking().Include(o => o.Lines).ThenInclude(l => l.Variant!).ThenInclude(v => v.Product)
            .SingleAsync(o => o.Number == DemoShopSeeder.ReturnableOrder);
        // Only its acknowledgement is queued: the order's one legal record is left for the withdrawal tests.
        var withdrawal = Withdrawal.Submit(order, "Camille <Martin>", email, language, Withdrawal.NewReference() + Guid.NewGuid().ToString("N")[..6], DateTime.UtcNow);
        db.Outbox.Add(withdrawal.Acknowledgement());
        await db.SaveChangesAsync();
        return withdrawal;
    }

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var client = factory.CreateBrowserLikeClient();
        var login = await client.GetDocumentAsync("/account/login");
        using var response = await client.SubmitAsync(login, "main form", new Dictionary<string, string>
        {
            ["Form.Email"] = email,
            ["Form.Password"] = "Demo!2026returns",
        });
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        return client;
    }

    private sealed class MutableClock(DateTime start) : TimeProvider
    {
        private DateTimeOffset now = new(start);

        public override DateTimeOffset GetUtcNow() => now;

        public void Advance(TimeSpan by) => now += by;
    }
}

public sealed class NotificationTests_Sqlite(SqlitePortalFactory factory) : NotificationTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class NotificationTests_Postgres(PostgresPortalFactory factory) : NotificationTests(factory), IClassFixture<PostgresPortalFactory>;
