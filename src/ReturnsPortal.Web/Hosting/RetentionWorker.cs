namespace ReturnsPortal.Web.Hosting;

/// <summary>Runs <see cref="RetentionRules"/> at start-up and then every interval, once per period across a cluster.</summary>
public sealed partial class RetentionWorker(
    IServiceScopeFactory scopes, RetentionOptions options, TimeProvider clock, ILogger<RetentionWorker> logger) : PeriodicWorker(scopes, clock, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromMinutes(Math.Max(1, options.IntervalMinutes));

    protected override string LeaseName => "retention";

    protected override async Task RunOnceAsync(IServiceProvider services, CancellationToken ct)
    {
        var c = await services.GetRequiredService<RetentionRules>().RunAsync(ct);
        LogRemoved(c.Drafts, c.DraftFiles, c.Photos, c.MailboxFiles, c.SentEmails, c.OutboxBodies, c.WebhookBodies);
    }

    protected override void LogFailed(Exception ex) => LogPassFailed(ex);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention: {Drafts} drafts ({DraftFiles} photo files), {Photos} return photos, {MailboxFiles} mailbox files, {SentEmails} e-mail records, {OutboxBodies} outbox bodies, {WebhookBodies} webhook bodies removed")]
    private partial void LogRemoved(int drafts, int draftFiles, int photos, int mailboxFiles, int sentEmails, int outboxBodies, int webhookBodies);

    [LoggerMessage(Level = LogLevel.Error, Message = "The retention pass failed; it will run again")]
    private partial void LogPassFailed(Exception ex);
}
