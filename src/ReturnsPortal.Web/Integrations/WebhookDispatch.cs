using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using System.Linq.Expressions;
using System.Security.Cryptography;
using System.Text;
using ReturnsPortal.Domain.Integrations;
using ReturnsPortal.Domain.Notifications;
using ReturnsPortal.Domain.Staff;

namespace ReturnsPortal.Web.Integrations;

/// <summary>The <c>Webhooks</c> section (ADR 0072).</summary>
public sealed class WebhookOptions
{
    /// <summary><c>Webhooks:Enabled</c>: run the fan-out and delivery worker in this instance.</summary>
    public bool Enabled { get; set; } = true;
    [Range(1, 3600, ErrorMessage = "Webhooks:PollSeconds must be between {1} and {2}.")]
    public int PollSeconds { get; set; } = 5;
    [Range(1, 1000, ErrorMessage = "Webhooks:BatchSize must be between {1} and {2}.")]
    public int BatchSize { get; set; } = 50;
    [Range(1, 100, ErrorMessage = "Webhooks:MaxAttempts must be between {1} and {2}.")]
    public int MaxAttempts { get; set; } = 8;
    [Range(1, 86400, ErrorMessage = "Webhooks:BaseDelaySeconds must be between {1} and {2}.")]
    public int BaseDelaySeconds { get; set; } = 30;
    [Range(1, 10080, ErrorMessage = "Webhooks:MaxDelayMinutes must be between {1} and {2}.")]
    public int MaxDelayMinutes { get; set; } = 60;
    [Range(1, 300, ErrorMessage = "Webhooks:TimeoutSeconds must be between {1} and {2}.")]
    public int TimeoutSeconds { get; set; } = 10;
    [Range(1, 86400, ErrorMessage = "Webhooks:LeaseSeconds must be between {1} and {2}.")]
    public int LeaseSeconds { get; set; } = 60;

    public TimeSpan BaseDelay => TimeSpan.FromSeconds(BaseDelaySeconds);
    public TimeSpan MaxDelay => TimeSpan.FromMinutes(MaxDelayMinutes);
}

/// <summary>
/// Turns outbox messages into webhook deliveries, reading the outbox on its own with a per-message marker
/// (<see cref="OutboxMessage.WebhooksFannedOutAt"/>): e-mail sending never waits for it, nor it for e-mail (ADR 0072).
/// </summary>
public sealed class WebhookFanOut(ReturnsDbContext db, TimeProvider clock, WebhookOptions options)
{
    /// <summary>Fans out up to one batch of messages; returns how many messages it looked at.</summary>
    public async Task<int> FanOutBatchAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var messages = await db.Outbox.AsNoTracking().Where(m => m.WebhooksFannedOutAt == null)
            .OrderBy(m => m.Id).Take(options.BatchSize).ToListAsync(ct);
        if (messages.Count == 0)
        {
            return 0;
        }
        var subscriptions = await db.WebhookSubscriptions.Where(s => s.IsActive).ToListAsync(ct);
        if (subscriptions.Count == 0)
        {
            // Nobody listens: the batch is marked in one statement (messages before a subscription are never sent to it).
            var ids = messages.Select(m => m.Id).ToList();
            await db.Outbox.Where(m => ids.Contains(m.Id) && m.WebhooksFannedOutAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.WebhooksFannedOutAt, now), ct);
            return messages.Count;
        }
        // Messages nobody wants (before every subscription, or of no subscribed event) are marked in one statement;
        // only those with deliveries take a transaction each.
        var wanted = messages.Select(m => (Message: m, Deliveries: subscriptions.Where(s => s.CreatedAt <= m.OccurredAt)
            .SelectMany(s => WebhookEvents.Of(m.Type, m.Payload).Where(s.Wants).Select(e => (Subscription: s, Event: e))).ToList())).ToList();
        var staffRoles = await StaffRolesAsync(wanted.Where(w => w.Deliveries.Count > 0).Select(w => w.Message), ct);
        var nothing = wanted.Where(w => w.Deliveries.Count == 0).Select(w => w.Message.Id).ToList();
        if (nothing.Count > 0)
        {
            await db.Outbox.Where(m => nothing.Contains(m.Id) && m.WebhooksFannedOutAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.WebhooksFannedOutAt, now), ct);
        }
        foreach (var (message, deliveries) in wanted.Where(w => w.Deliveries.Count > 0))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            // The claim: only the instance whose UPDATE changes the row fans it out (PostgreSQL re-checks the WHERE
            // after waiting for a concurrent claimer; SQLite has one writer). The unique index is the second guard.
            var claimed = await db.Outbox.Where(m => m.Id == message.Id && m.WebhooksFannedOutAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.WebhooksFannedOutAt, now), ct);
            if (claimed == 0)
            {
                continue;
            }
            foreach (var (subscription, @event) in deliveries)
            {
                db.WebhookDeliveries.Add(WebhookDelivery.For(subscription, message, @event, now, staffRoles));
            }
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        return messages.Count;
    }

    // The most privileged role first: an admin who is also an inspector acted as an admin.
    private static readonly string[] RoleRank = [StaffRoles.Admin, StaffRoles.Manager, StaffRoles.Agent, StaffRoles.Inspector, StaffRoles.Finance];

    /// <summary>The role of each staff member named as actor by <paramref name="messages"/>: receivers get it instead of the e-mail (ADR 0124).</summary>
    private async Task<Dictionary<string, string>> StaffRolesAsync(IEnumerable<OutboxMessage> messages, CancellationToken ct)
    {
        var actors = messages.Select(m => WebhookPayloads.StaffActorOf(m.Type, m.Payload)).OfType<string>()
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (actors.Count == 0)
        {
            return [];
        }
        var normalised = actors.Select(a => a.ToUpperInvariant()).ToList();
        var rows = await (from u in db.Users
                          where normalised.Contains(u.NormalizedEmail!)
                          join ur in db.UserRoles on u.Id equals ur.UserId
                          join r in db.Roles on ur.RoleId equals r.Id
                          select new { u.NormalizedEmail, r.Name }).ToListAsync(ct);
        return actors.Select(a => (Actor: a, Roles: rows.Where(r => string.Equals(r.NormalizedEmail, a, StringComparison.OrdinalIgnoreCase)).Select(r => r.Name).ToList()))
            .Select(x => (x.Actor, Role: RoleRank.FirstOrDefault(x.Roles.Contains)))
            .Where(x => x.Role is not null)
            .ToDictionary(x => x.Actor, x => x.Role!, StringComparer.OrdinalIgnoreCase);
    }
}

/// <summary>
/// Sends due deliveries: claims them with a lease (like the outbox, ADR 0020), POSTs the fixed body with the event,
/// timestamp and signature headers, and records each attempt; a non-2xx or no answer is retried with back-off.
/// </summary>
public sealed partial class WebhookSender(
    ReturnsDbContext db, IHttpClientFactory http, WebhookSecrets secrets, TimeProvider clock, WebhookOptions options, ILogger<WebhookSender> logger)
{
    public const string ClientName = "webhooks";

    public async Task<int> DeliverBatchAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var token = Guid.NewGuid().ToString("N");
        var candidates = await db.WebhookDeliveries.AsNoTracking().Where(Due(now)).OrderBy(d => d.NextAttemptAt).ThenBy(d => d.Id)
            .Select(d => d.Id).Take(options.BatchSize).ToListAsync(ct);
        if (candidates.Count == 0)
        {
            return 0;
        }
        var leaseUntil = now.AddSeconds(options.LeaseSeconds);
        await db.WebhookDeliveries.Where(d => candidates.Contains(d.Id)).Where(Due(now))
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.LockedBy, token).SetProperty(d => d.LockedUntil, leaseUntil), ct);
        var claimed = await db.WebhookDeliveries.Include(d => d.Subscription).Where(d => d.LockedBy == token).ToListAsync(ct);
        foreach (var delivery in claimed)
        {
            await SendAsync(delivery, ct);
            await db.SaveChangesAsync(ct);
        }
        return claimed.Count;
    }

    private static Expression<Func<WebhookDelivery, bool>> Due(DateTime now) => d =>
        d.Status == WebhookDeliveryStatus.Pending && (d.NextAttemptAt == null || d.NextAttemptAt <= now)
        && (d.LockedUntil == null || d.LockedUntil < now);

    private async Task SendAsync(WebhookDelivery delivery, CancellationToken ct)
    {
        var subscription = delivery.Subscription!;
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var watch = Stopwatch.StartNew();
        int? status = null;
        string? error = null;
        string secret;
        try
        {
            secret = secrets.Reveal(subscription.Secret);
        }
        catch (CryptographicException)
        {
            // The key that encrypted it is gone (a lost key ring): nothing can be signed until an admin subscribes again.
            delivery.RecordFailure(null, WebhookSecrets.UnreadableFailure, clock.GetUtcNow().UtcDateTime, 0, options.MaxAttempts, options.BaseDelay, options.MaxDelay);
            LogFailed(delivery.Id, delivery.Event, delivery.Attempts, WebhookSecrets.UnreadableFailure);
            return;
        }
        if (!WebhookSecrets.IsProtected(subscription.Secret))
        {
            // A row from before ADR 0124: encrypted on its first use, saved with the attempt.
            subscription.ReplaceStoredSecret(secrets.Protect(secret));
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url)
        {
            Content = new StringContent(delivery.Body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(WebhookSignature.EventHeader, delivery.Event);
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp);
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Compute(secret, timestamp, delivery.Body));
        request.Headers.Add(WebhookSignature.DeliveryHeader, delivery.Id.ToString(CultureInfo.InvariantCulture));
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(options.TimeoutSeconds));
            using var response = await http.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            status = (int)response.StatusCode;
            if (status is < 200 or >= 300)
            {
                error = OutboundFailure.Http;
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException && !ct.IsCancellationRequested)
        {
            // The class only (ADR 0123): the exception's text would tell what answers on the internal network.
            error = OutboundFailure.Of(ex);
        }
        var at = clock.GetUtcNow().UtcDateTime;
        var ms = (int)watch.ElapsedMilliseconds;
        if (error is null)
        {
            delivery.RecordSuccess(status!.Value, at, ms);
            LogDelivered(delivery.Id, delivery.Event, status.Value);
        }
        else
        {
            delivery.RecordFailure(status, error, at, ms, options.MaxAttempts, options.BaseDelay, options.MaxDelay);
            LogFailed(delivery.Id, delivery.Event, delivery.Attempts, status is { } code ? $"{error} {code}" : error);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook delivery {Id} ({Event}) delivered: HTTP {Status}")]
    private partial void LogDelivered(long id, string @event, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery {Id} ({Event}) failed, attempt {Attempts}: {Error}")]
    private partial void LogFailed(long id, string @event, int attempts, string error);
}

/// <summary>The background worker: fan-out, then deliveries, each round in a fresh scope; sleeps when idle.</summary>
public sealed partial class WebhookWorker(IServiceScopeFactory scopes, WebhookOptions options, TimeProvider clock, ILogger<WebhookWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // Secrets stored in clear before ADR 0124 are encrypted once at start (and on first use, should this fail).
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<WebhookSecrets>()
                .ProtectStoredAsync(scope.ServiceProvider.GetRequiredService<ReturnsDbContext>(), stoppingToken);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            LogRoundFailed(ex);
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            var busy = false;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var fannedOut = await scope.ServiceProvider.GetRequiredService<WebhookFanOut>().FanOutBatchAsync(stoppingToken);
                var sent = await scope.ServiceProvider.GetRequiredService<WebhookSender>().DeliverBatchAsync(stoppingToken);
                busy = fannedOut >= options.BatchSize || sent >= options.BatchSize;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogRoundFailed(ex);
            }
            if (!busy)
            {
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(options.PollSeconds), clock, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A webhook round failed; it will be tried again")]
    private partial void LogRoundFailed(Exception ex);
}
