using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;
using ReturnsPortal.Domain.Notifications;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Domain.Seeding;
using ReturnsPortal.Domain.Withdrawals;
using ReturnsPortal.Web.Files;
using ReturnsPortal.Web.Hosting;
using ReturnsPortal.Web.Notifications;
using ReturnsPortal.Web.Pages.Returns.Withdraw;
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
        // Signed links (ADR 0092): the label link downloads the PDF, the tracking link opens the return.
        created.TextBody!.ShouldContain($"http://localhost:5080/returns/track/{english}/label?t=");
        created.TextBody!.ShouldContain("Ship it by");
        created.TextBody!.ShouldContain("Maison Lumière");
        // The customer's comment arrives as text, never as markup.
        created.HtmlBody!.ShouldNotContain("<script>");
        created.HtmlBody!.ShouldContain("&lt;script&gt;");
        created.HtmlBody!.ShouldContain($"href=\"http://localhost:5080/returns/track/{english}?t=");
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
        // The customer's own name is encoded in the HTML like any other value.
        ack.HtmlBody!.ShouldContain("Hello Camille &lt;Martin&gt;,");
        ack.HtmlBody!.ShouldNotContain("<Martin>");

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
        // The retry is stamped by the app's real clock; the dispatcher's test clock must not be behind it.
        if (retried.NextAttemptAt is { } due && due > clock.GetUtcNow().UtcDateTime)
        {
            clock.Advance(due - clock.GetUtcNow().UtcDateTime);
        }

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
        // On the default store the mails are where older builds wrote them: <DataPath>/mailbox (ADR 0112).
        var folder = Path.Combine(factory.Services.GetRequiredService<PortalOptions>().DataPath, "mailbox");
        Directory.GetFiles(folder, "*.eml").Length.ShouldBeGreaterThanOrEqualTo(1);

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

    [Fact]
    public async Task The_return_created_email_embeds_the_qr_code_and_logo_and_links_tracking_and_policy()
    {
        await DrainAsync();
        await using var smtp = new TestSmtpServer();
        await smtp.StartAsync();
        var rma = await NewReturnAsync("fr", null);

        await RunUntilEmptyAsync(Processor(smtp.Port, new MutableClock(Start)));

        var mail = smtp.Received.Single();
        mail.Subject.ShouldBe($"Votre retour {rma} est enregistré");
        var images = mail.BodyParts.OfType<MimePart>().Where(p => p.ContentType.MediaType == "image").ToList();
        images.Select(i => i.ContentId).OrderBy(c => c).ShouldBe(new[] { EmailModels.LogoCid, EmailModels.QrCid });
        mail.HtmlBody!.ShouldContain($"src=\"cid:{EmailModels.QrCid}\"");
        mail.HtmlBody!.ShouldContain($"src=\"cid:{EmailModels.LogoCid}\"");
        mail.HtmlBody!.ShouldContain("href=\"http://localhost:5080/returns/policy\"");
        mail.TextBody!.ShouldContain("http://localhost:5080/returns/policy");
        // The QR code carries the label payload of ADR 0012.
        var qr = images.Single(i => i.ContentId == EmailModels.QrCid);
        using var bytes = new MemoryStream();
        await qr.Content!.DecodeToAsync(bytes);
        bytes.ToArray().ShouldBe(Labels.LabelCodes.QrPng(rma, 6));
    }

    [Fact]
    public async Task A_refund_decision_says_the_refund_is_being_processed_and_only_the_paid_refund_says_when_with_its_reference_and_delay()
    {
        await DrainAsync();
        await using var smtp = new TestSmtpServer();
        await smtp.StartAsync();
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReturnsDbContext>();
        // A seeded refund that finance paid: its move to Paid queued refund.issued (ADR 0117).
        var settled = await db.Settlements.AsNoTracking()
            .Where(x => x.Kind == Domain.BackOffice.SettlementKind.Refund && x.Status == Domain.BackOffice.SettlementStatus.Paid)
            .Join(db.Returns, x => x.ReturnRequestId, r => r.Id, (x, r) => new
            {
                r.Rma,
                r.Language,
                r.Id,
                x.Reference,
                x.Amount,
                x.ProviderReference,
                x.CompletedAt,
                r.Order!.PaymentMethod,
            })
            .OrderBy(x => x.Id).FirstAsync();
        var refund = await db.Outbox.SingleAsync(m => m.DedupeKey == $"refund:settle:{settled.Rma}");
        refund.Type.ShouldBe(Domain.Notifications.MessageTypes.RefundIssued);
        var resolvedKeys = (await db.Outbox.Where(m => m.DedupeKey.StartsWith($"return:{settled.Rma}:")).ToListAsync())
            .Where(m => m.Payload.Contains("\"to\":\"Resolved\"", StringComparison.Ordinal)).Select(m => m.DedupeKey).ToList();
        resolvedKeys.Count.ShouldBe(1);
        await db.Outbox.Where(m => m.DedupeKey == refund.DedupeKey || resolvedKeys.Contains(m.DedupeKey))
            .ExecuteUpdateAsync(x => x.SetProperty(m => m.ProcessedAt, (DateTime?)null));

        await RunUntilEmptyAsync(Processor(smtp.Port, new MutableClock(Start)));

        smtp.Received.Count.ShouldBe(2);
        var en = settled.Language == "en";
        var culture = System.Globalization.CultureInfo.GetCultureInfo(en ? "en-GB" : "fr-FR");
        var result = smtp.Received.Single(m => m.Subject == (en ? $"Your return {settled.Rma} is accepted" : $"Votre retour {settled.Rma} est accepté"));
        result.Body!.Headers[HeaderId.ContentLanguage].ShouldBe(settled.Language);
        var lines = await db.ReturnLines.AsNoTracking().Where(l => l.ReturnRequestId == settled.Id)
            .Select(l => new { l.OrderLine!.Variant!.Product!.Name, l.Decision!.Total, l.Decision.PricePaid }).ToListAsync();
        lines.ShouldNotBeEmpty();
        foreach (var line in lines)
        {
            result.TextBody!.ShouldContain(en
                ? $"{line.Name}: Accepted — price paid {line.PricePaid.Format(culture)}"
                : $"{line.Name} : Accepté — prix payé {line.PricePaid.Format(culture)}");
            result.TextBody!.ShouldContain($"→ {line.Total.Format(culture)}");
        }
        result.TextBody!.ShouldContain((en ? "\nTotal: " : "Total : ") + settled.Amount.Format(culture));
        // The decision only starts the refund: "being processed", never "issued" or "paid".
        result.TextBody!.ShouldContain(en ? "is being processed: you will get an e-mail as soon as it is paid" : "est en cours de traitement : vous recevrez un e-mail dès qu'il sera versé");
        result.TextBody!.ShouldNotContain(en ? "issued" : "émis");
        result.TextBody!.ShouldNotContain(en ? "We paid" : "Nous avons versé");

        var paid = smtp.Received.Single(m => m != result);
        paid.Subject.ShouldBe(en ? $"Your refund for return {settled.Rma} has been paid" : $"Votre remboursement pour le retour {settled.Rma} est versé");
        paid.TextBody!.ShouldContain(settled.Amount.Format(culture));
        paid.TextBody!.ShouldContain((en ? "Payment reference: " : "Référence du paiement : ") + settled.ProviderReference);
        paid.TextBody!.ShouldContain(settled.Reference);
        paid.TextBody!.ShouldContain(settled.CompletedAt!.Value.ToLocalFrench().ToString("d MMMM yyyy", culture));
        var delay = (settled.PaymentMethod, en) switch
        {
            (Domain.Orders.PaymentMethod.Card, true) => "3 to 5 working days",
            (Domain.Orders.PaymentMethod.Card, false) => "3 à 5 jours ouvrés",
            (Domain.Orders.PaymentMethod.PayPal, true) => "1 to 2 working days",
            (Domain.Orders.PaymentMethod.PayPal, false) => "1 à 2 jours ouvrés",
            (Domain.Orders.PaymentMethod.BankTransfer, true) => "1 to 3 working days",
            (Domain.Orders.PaymentMethod.BankTransfer, false) => "1 à 3 jours ouvrés",
            (_, true) => "within a few days",
            _ => "d'ici quelques jours",
        };
        paid.TextBody!.ShouldContain(delay);
    }

    [Fact]
    public async Task A_failed_refund_alerts_finance_and_managers_never_the_customer()
    {
        await DrainAsync();
        await using var smtp = new TestSmtpServer();
        await smtp.StartAsync();
        var rma = await NewReturnAsync("en", null);
        await DrainAsync();
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ReturnsDbContext>();
            db.Outbox.Add(new OutboxMessage
            {
                Type = Domain.Notifications.MessageTypes.RefundFailed,
                DedupeKey = $"refund-failed:settle:{rma}:r1",
                OccurredAt = Start,
                Payload = $$"""{"settlementId":1,"rma":"{{rma}}","reference":"RI-{{rma}}","orderNumber":"DEMO-1","amount":5410,"currency":"EUR","reason":"IBAN refusé par la banque","failedAt":"2026-11-26T09:00:00Z"}""",
            });
            await db.SaveChangesAsync();
        }

        await RunUntilEmptyAsync(Processor(smtp.Port, new MutableClock(Start)));

        var alert = smtp.Received.Single();
        alert.Subject.ShouldBe($"Remboursement en échec : retour {rma} (54,10 €)");
        var to = alert.To.Mailboxes.Select(m => m.Address).ToList();
        to.ShouldContain("manager@example.fr");
        to.ShouldNotContain(DemoShopSeeder.DemoCustomerEmail);
        alert.TextBody!.ShouldContain("IBAN refusé par la banque");
        alert.TextBody!.ShouldContain("http://localhost:5080/staff/refunds");
    }

    [Fact]
    public async Task Settlement_updates_and_requests_to_the_shop_send_no_email()
    {
        await DrainAsync();
        await using var smtp = new TestSmtpServer();
        await smtp.StartAsync();
        var rma = await NewReturnAsync("fr", null);
        await DrainAsync();
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ReturnsDbContext>();
            foreach (var type in new[]
            {
                Domain.Notifications.MessageTypes.SettlementUpdated, Domain.Notifications.MessageTypes.RefundRequested,
                Domain.Notifications.MessageTypes.ExchangeRequested,
            })
            {
                db.Outbox.Add(new OutboxMessage
                {
                    Type = type,
                    DedupeKey = $"{type}:{rma}",
                    OccurredAt = Start,
                    Payload = $$"""{"settlementId":1,"rma":"{{rma}}","kind":"Refund","to":"Sent","amount":5410,"currency":"EUR","reference":"RI-{{rma}}"}""",
                });
            }
            await db.SaveChangesAsync();
        }

        await RunUntilEmptyAsync(Processor(smtp.Port, new MutableClock(Start)));

        smtp.Received.ShouldBeEmpty();
        await using var check = factory.Services.CreateAsyncScope();
        (await check.ServiceProvider.GetRequiredService<ReturnsDbContext>().Outbox.CountAsync(m => m.ProcessedAt == null)).ShouldBe(0);
    }

    [Fact]
    public async Task Store_credit_and_exchange_messages_from_other_features_send_one_email_each_in_their_language()
    {
        await DrainAsync();
        await using var smtp = new TestSmtpServer();
        await smtp.StartAsync();
        var rma = await NewReturnAsync("en", null);
        await DrainAsync();
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ReturnsDbContext>();
            db.Outbox.Add(new OutboxMessage
            {
                Type = Domain.Notifications.MessageTypes.StoreCreditIssued,
                DedupeKey = $"storecredit:{rma}",
                OccurredAt = Start,
                Payload = $$"""{"rma":"{{rma}}","code":"AV-<b>7K2M</b>","amount":5951,"balance":7451,"currency":"EUR","language":"en","customerEmail":"{{DemoShopSeeder.DemoCustomerEmail}}"}""",
            });
            db.Outbox.Add(new OutboxMessage
            {
                Type = Domain.Notifications.MessageTypes.ExchangeShipped,
                DedupeKey = $"exchange:{rma}",
                OccurredAt = Start,
                Payload = $$"""{"rma":"{{rma}}","sku":"VET-TSH-001-M-NOIR","productName":"T-shirt <i>noir</i>, M","language":"fr","customerEmail":"{{DemoShopSeeder.DemoCustomerEmail}}","reference":"EX-{{rma}}","carrier":"Colissimo","trackingNumber":"6A 1234-5678"}""",
            });
            await db.SaveChangesAsync();
        }

        await RunUntilEmptyAsync(Processor(smtp.Port, new MutableClock(Start)));

        smtp.Received.Count.ShouldBe(2);
        var credit = smtp.Received.Single(m => m.Subject == "Your store credit of €59.51 is ready");
        credit.Body!.Headers[HeaderId.ContentLanguage].ShouldBe("en");
        credit.TextBody!.ShouldContain("Credit code: AV-<b>7K2M</b>");
        credit.TextBody!.ShouldContain("Available balance: €74.51");
        credit.TextBody!.ShouldContain($"http://localhost:5080/returns/track/{rma}");
        credit.HtmlBody!.ShouldContain("AV-&lt;b&gt;7K2M&lt;/b&gt;");
        var exchange = smtp.Received.Single(m => m.Subject == $"Votre article d'échange est expédié ({rma})");
        exchange.Body!.Headers[HeaderId.ContentLanguage].ShouldBe("fr");
        exchange.TextBody!.ShouldContain("T-shirt <i>noir</i>, M (réf. VET-TSH-001-M-NOIR)");
        exchange.HtmlBody!.ShouldContain("T-shirt &lt;i&gt;noir&lt;/i&gt;, M");
        exchange.TextBody!.ShouldContain("Transporteur : Colissimo");
        exchange.TextBody!.ShouldContain("Numéro de suivi : 6A 1234-5678");
    }

    [Fact]
    public async Task A_return_awaiting_approval_alerts_the_active_managers_in_one_email()
    {
        await DrainAsync();
        await using var smtp = new TestSmtpServer();
        await smtp.StartAsync();
        var rma = await NewReturnAsync("en", null);
        await DrainAsync();
        await MoveAsync(rma, (r, at) => r.Approve("agent", at));
        await MoveAsync(rma, (r, at) => r.Receive("inspector", at));
        await MoveAsync(rma, (r, at) => r.CompleteInspection("inspector", at));
        await MoveAsync(rma, (r, at) => r.SubmitDecision(true, "agent@example.fr", at));

        await RunUntilEmptyAsync(Processor(smtp.Port, new MutableClock(Start)));

        var alert = smtp.Received.Single(m => m.Subject!.StartsWith($"Approbation requise : retour {rma}", StringComparison.Ordinal));
        var to = alert.To.Mailboxes.Select(m => m.Address).ToList();
        to.ShouldContain("manager@example.fr");
        to.ShouldNotContain("agent@example.fr");
        to.ShouldNotContain(DemoShopSeeder.DemoCustomerEmail);
        alert.TextBody!.ShouldContain($"http://localhost:5080/staff/approvals/{rma}");
        alert.TextBody!.ShouldContain("agent@example.fr");
        // The managers are told once; the customer only hears about the parcel's receipt.
        smtp.Received.Count(m => m.To.Mailboxes.Any(x => x.Address == "manager@example.fr")).ShouldBe(1);
        smtp.Received.Where(m => m != alert).Select(m => m.Subject).ShouldBe([$"We have received your parcel ({rma})"]);
    }

    [Fact]
    public async Task A_renewed_label_sends_one_email_with_the_label_link_and_the_new_ship_by_date()
    {
        await DrainAsync();
        await using var smtp = new TestSmtpServer();
        await smtp.StartAsync();
        var rma = await NewReturnAsync("en", null);
        await MoveAsync(rma, (r, at) => r.Approve("agent", at), DateTime.UtcNow.AddDays(-40));
        await MoveAsync(rma, (r, at) => r.Expire(at), DateTime.UtcNow.AddDays(-1));
        await DrainAsync();
        await MoveAsync(rma, (r, at) => r.RenewLabel(at, "customer"));

        await RunUntilEmptyAsync(Processor(smtp.Port, new MutableClock(Start)));

        var mail = smtp.Received.ShouldHaveSingleItem();
        mail.Subject.ShouldBe($"Your return {rma} is registered");
        mail.TextBody!.ShouldContain($"http://localhost:5080/returns/track/{rma}/label");
        await using var scope = factory.Services.CreateAsyncScope();
        var until = await scope.ServiceProvider.GetRequiredService<ReturnsDbContext>().Returns
            .Where(r => r.Rma == rma).Select(r => r.LabelValidUntil!.Value).SingleAsync();
        until.ShouldBeGreaterThan(DateTime.UtcNow);
        mail.TextBody!.ShouldContain(until.ToLocalFrench().ToString("d MMMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("en")));
    }

    [Fact]
    public async Task The_daily_job_queues_one_digest_and_one_label_reminder_and_they_are_sent_once()
    {
        await DrainAsync();
        await using var smtp = new TestSmtpServer();
        await smtp.StartAsync();
        var now = DateTime.UtcNow;
        // Received long enough ago for the demo policy's service level (ADR 0038) to be nearly over.
        var atRisk = await NewReturnAsync("fr", null, now.AddDays(-15));
        await MoveAsync(atRisk, (r, at) => r.Approve("agent", at), now.AddDays(-14));
        await MoveAsync(atRisk, (r, at) => r.Receive("inspector", at), now.AddDays(-13));
        var onTime = await NewReturnAsync("fr", null, now.AddDays(-1));
        await MoveAsync(onTime, (r, at) => r.Approve("agent", at), now);
        await MoveAsync(onTime, (r, at) => r.Receive("inspector", at), now);
        var expiring = await NewReturnAsync("en", null, now.AddDays(-12));
        await MoveAsync(expiring, (r, at) => r.Approve("agent", at), now.AddDays(-12));
        var later = await NewReturnAsync("en", null, now.AddDays(-12));
        await MoveAsync(later, (r, at) => r.Approve("agent", at), now.AddDays(-12));
        // The reminder follows the label's own validity (ADR 0025), not the creation date.
        await SetLabelValidUntilAsync(expiring, now.AddDays(2));
        await SetLabelValidUntilAsync(later, now.AddDays(5));
        await DrainAsync();

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var digest = await scope.ServiceProvider.GetRequiredService<StaffDigest>().ComputeAsync(now, CancellationToken.None);
            digest.AtRisk.ShouldContain(r => r.Rma == atRisk);
            digest.AtRisk.ShouldNotContain(r => r.Rma == onTime);
            var daily = scope.ServiceProvider.GetRequiredService<DailyNotifications>();
            // 23:30 Paris is after the digest time, whatever the season.
            var evening = new DateTime(now.Year, now.Month, now.Day, 22, 30, 0, DateTimeKind.Utc);
            var first = await daily.RunAsync(evening, CancellationToken.None);
            first.ShouldBeGreaterThanOrEqualTo(2);
            (await daily.RunAsync(evening, CancellationToken.None)).ShouldBe(0);
        }

        await RunUntilEmptyAsync(Processor(smtp.Port, new MutableClock(Start)));

        var digestMail = smtp.Received.Single(m => m.Subject!.StartsWith("Point du jour", StringComparison.Ordinal));
        digestMail.To.Mailboxes.Select(m => m.Address).ShouldContain("manager@example.fr");
        digestMail.To.Mailboxes.Select(m => m.Address).ShouldContain("agent@example.fr");
        digestMail.TextBody!.ShouldContain(atRisk);
        digestMail.TextBody!.ShouldNotContain(onTime);
        var reminder = smtp.Received.Single(m => m.Subject == $"Your return label {expiring} expires soon");
        reminder.Body!.Headers[HeaderId.ContentLanguage].ShouldBe("en");
        reminder.TextBody!.ShouldContain($"http://localhost:5080/returns/track/{expiring}/label");
        smtp.Received.ShouldNotContain(m => m.Subject == $"Your return label {later} expires soon", "its label is valid five more days");
    }

    [Fact]
    public async Task A_withdrawal_filed_with_another_address_is_acknowledged_to_it_and_to_the_orders_own_address_apart()
    {
        await DrainAsync();
        await using var smtp = new TestSmtpServer();
        await smtp.StartAsync();
        var order = await TestReturns.NewOrderAsync(factory);
        string reference;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ReturnsDbContext>();
            var tracked = await db.Orders.Include(o => o.Lines).ThenInclude(l => l.Variant!).ThenInclude(v => v.Product).SingleAsync(o => o.Id == order.Id);
            var withdrawal = Withdrawal.Submit(tracked, "Camille Martin", "filer@example.org", "fr",
                WithdrawalContent.Compose(tracked, "fr", EmailWordsTests.Words), Withdrawal.NewReference(), DateTime.UtcNow);
            db.Withdrawals.Add(withdrawal);
            await db.SaveChangesAsync();
            reference = withdrawal.Reference;
        }

        await RunUntilEmptyAsync(Processor(smtp.Port, new MutableClock(DateTime.UtcNow)));

        var acknowledgements = smtp.Received.Where(m => m.Subject == $"Accusé de réception de votre rétractation ({reference})").ToList();
        acknowledgements.Count.ShouldBe(2);
        // One recipient per e-mail: neither learns the other's address.
        acknowledgements.Select(m => m.To.Mailboxes.Single().Address).Order()
            .ShouldBe(new[] { "filer@example.org", order.Email.ToLowerInvariant() }.Order());
    }

    private OutboxProcessor Processor(
        int port, TimeProvider clock, int maxAttempts = 5, ReturnsDbContext? db = null, int batchSize = 20, string name = "test")
    {
        db ??= factory.Services.CreateScope().ServiceProvider.GetRequiredService<ReturnsDbContext>();
        var smtp = new SmtpOptions { Host = "127.0.0.1", Port = port, UseTls = false, From = From };
        var shop = new ShopOptions { LogoPath = LogoFile };
        var options = new OutboxOptions { BatchSize = batchSize, MaxAttempts = maxAttempts, BaseDelaySeconds = 30, MaxDelayMinutes = 60 };
        return new OutboxProcessor(db, new SmtpEmailSender(smtp), Emails(db, shop), clock, options, smtp, shop,
            NullLogger<OutboxProcessor>.Instance)
        { InstanceName = name };
    }

    /// <summary>A PNG for Shop:LogoPath (any PNG will do: the QR code of a label).</summary>
    private static readonly string LogoFile = WriteLogo();

    private static string WriteLogo()
    {
        var path = Path.Combine(Path.GetTempPath(), $"returnsportal-logo-{Guid.NewGuid():N}.png");
        File.WriteAllBytes(path, Labels.LabelCodes.QrPng("LOGO", 2));
        return path;
    }

    private CustomerEmails Emails(ReturnsDbContext db, ShopOptions shop)
    {
        var services = factory.Services;
        var options = services.GetRequiredService<NotificationOptions>();
        // A store of its own, empty: no Admin's upload, so Shop:LogoPath is the logo.
        var logo = new ShopLogo(shop, new LocalFileStore(new PortalOptions { ConnectionString = "", DataPath = Path.Combine(Path.GetTempPath(), $"returnsportal-no-upload-{Guid.NewGuid():N}") }));
        var words = services.GetRequiredService<IStringLocalizer<SharedResource>>();
        return new CustomerEmails(db, shop, new EmailRenderer(db, logo, words, NullLogger<EmailRenderer>.Instance), logo, options,
            new StaffDigest(db, options, services.GetRequiredService<IOptions<QueueOptions>>()), services.GetRequiredService<Web.Pages.Returns.Track.ReturnLinks>(),
            new Domain.Withdrawals.WithdrawalFollowUps(db, new Domain.Logistics.WarehouseRouting(db)), words);
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

    private Task<string> NewReturnAsync(string language, string? comment) => NewReturnAsync(language, comment, DateTime.UtcNow);

    private async Task<string> NewReturnAsync(string language, string? comment, DateTime createdAt)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReturnsDbContext>();
        var order = await db.Orders.Include(o => o.Lines).SingleAsync(o => o.Number == DemoShopSeeder.ReturnableOrder);
        var policy = await db.Policies.FirstAsync(p => p.IsDefault);
        var reason = await db.Reasons.OrderBy(r => r.Id).FirstAsync();
        var line = order.Lines.OrderBy(l => l.Id).First();
        var request = ReturnRequest.Create(RmaNumber.Generate(), order, policy, [new ReturnLine(line.Id, 1, reason.Id, comment)],
            Resolution.Refund, ReturnMethod.Pickup, null, await db.Warehouses.OrderBy(w => w.Id).Select(w => w.Id).FirstAsync(), language, "customer", createdAt);
        db.Returns.Add(request);
        await db.SaveChangesAsync();
        // The audit interceptor stamps creation with the app's clock: back-date it for the label reminder.
        await db.Returns.Where(r => r.Id == request.Id).ExecuteUpdateAsync(s => s.SetProperty(r => r.CreatedAt, createdAt));
        return request.Rma;
    }

    private async Task SetLabelValidUntilAsync(string rma, DateTime until)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReturnsDbContext>();
        await db.Returns.Where(r => r.Rma == rma).ExecuteUpdateAsync(s => s.SetProperty(r => r.LabelValidUntil, until));
    }

    private Task MoveAsync(string rma, Action<ReturnRequest, DateTime> move) => MoveAsync(rma, move, DateTime.UtcNow);

    private async Task MoveAsync(string rma, Action<ReturnRequest, DateTime> move, DateTime at)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReturnsDbContext>();
        var request = await db.Returns.Include(r => r.Policy).SingleAsync(r => r.Rma == rma);
        move(request, at);
        await db.SaveChangesAsync();
    }

    private async Task<Withdrawal> NewWithdrawalAsync(string language, string email = DemoShopSeeder.DemoCustomerEmail)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReturnsDbContext>();
        var order = await db.Orders.AsNoTracking().Include(o => o.Lines).ThenInclude(l => l.Variant!).ThenInclude(v => v.Product)
            .SingleAsync(o => o.Number == DemoShopSeeder.ReturnableOrder);
        // Only its acknowledgement is queued: the order's one legal record is left for the withdrawal tests.
        var withdrawal = Withdrawal.Submit(order, "Camille <Martin>", email, language, WithdrawalContent.Compose(order, language, EmailWordsTests.Words), Withdrawal.NewReference() + Guid.NewGuid().ToString("N")[..6], DateTime.UtcNow);
        db.Outbox.Add(Domain.Notifications.OutboxWriter.Acknowledgement(withdrawal));
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
