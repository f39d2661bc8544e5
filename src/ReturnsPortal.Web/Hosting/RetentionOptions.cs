using System.ComponentModel.DataAnnotations;

namespace ReturnsPortal.Web.Hosting;

/// <summary>
/// <c>Retention:*</c>, how long personal data is kept before <see cref="RetentionRules"/> removes it (ADR 0127,
/// docs/privacy.md): expired drafts and their photos (<c>DraftDays</c>, 7), photos after a return is finished
/// (<c>PhotoMonths</c>, 6), mailbox copies and e-mail records (<c>MailboxMonths</c>, 12), outbox and webhook bodies once
/// delivered or dead (<c>MessageBodyDays</c>, 30); the job runs every <c>IntervalMinutes</c> (360).
/// </summary>
public sealed class RetentionOptions
{
    public bool Enabled { get; set; } = true;

    [Range(1, 10080, ErrorMessage = "Retention:IntervalMinutes must be between {1} and {2}.")]
    public int IntervalMinutes { get; set; } = 360;

    [Range(1, 365, ErrorMessage = "Retention:DraftDays must be between {1} and {2}.")]
    public int DraftDays { get; set; } = 7;

    [Range(1, 120, ErrorMessage = "Retention:PhotoMonths must be between {1} and {2}.")]
    public int PhotoMonths { get; set; } = 6;

    [Range(1, 120, ErrorMessage = "Retention:MailboxMonths must be between {1} and {2}.")]
    public int MailboxMonths { get; set; } = 12;

    [Range(1, 3650, ErrorMessage = "Retention:MessageBodyDays must be between {1} and {2}.")]
    public int MessageBodyDays { get; set; } = 30;
}
