using System.ComponentModel.DataAnnotations;

namespace ReturnsPortal.Web.Notifications;

/// <summary>The <c>Outbox</c> section: how the dispatcher works the outbox (ADR 0020).</summary>
public sealed class OutboxOptions
{
    /// <summary><c>Outbox:Enabled</c>: run the background dispatcher in this instance.</summary>
    public bool Enabled { get; set; } = true;
    /// <summary><c>Outbox:BatchSize</c>: messages claimed per round.</summary>
    [Range(1, 1000, ErrorMessage = "Outbox:BatchSize must be between {1} and {2}.")]
    public int BatchSize { get; set; } = 20;
    /// <summary><c>Outbox:PollSeconds</c>: pause when the outbox is empty.</summary>
    [Range(1, 3600, ErrorMessage = "Outbox:PollSeconds must be between {1} and {2}.")]
    public int PollSeconds { get; set; } = 5;
    /// <summary><c>Outbox:MaxAttempts</c>: failed tries before a message is dead-lettered.</summary>
    [Range(1, 100, ErrorMessage = "Outbox:MaxAttempts must be between {1} and {2}.")]
    public int MaxAttempts { get; set; } = 8;
    /// <summary><c>Outbox:BaseDelaySeconds</c>: the first back-off; each failure doubles it.</summary>
    [Range(1, 86400, ErrorMessage = "Outbox:BaseDelaySeconds must be between {1} and {2}.")]
    public int BaseDelaySeconds { get; set; } = 30;
    /// <summary><c>Outbox:MaxDelayMinutes</c>: back-off never waits longer than this.</summary>
    [Range(1, 10080, ErrorMessage = "Outbox:MaxDelayMinutes must be between {1} and {2}.")]
    public int MaxDelayMinutes { get; set; } = 60;
    /// <summary><c>Outbox:LeaseSeconds</c>: how long a claim holds before another instance may take the message.</summary>
    [Range(1, 86400, ErrorMessage = "Outbox:LeaseSeconds must be between {1} and {2}.")]
    public int LeaseSeconds { get; set; } = 120;
    /// <summary><c>Outbox:ReadyBacklogMinutes</c>: a message still pending after this long makes <c>/health/ready</c> unhealthy (ADR 0110).</summary>
    [Range(1, 10080, ErrorMessage = "Outbox:ReadyBacklogMinutes must be between {1} and {2}.")]
    public int ReadyBacklogMinutes { get; set; } = 15;

    public TimeSpan BaseDelay => TimeSpan.FromSeconds(BaseDelaySeconds);
    public TimeSpan MaxDelay => TimeSpan.FromMinutes(MaxDelayMinutes);
    public TimeSpan Lease => TimeSpan.FromSeconds(LeaseSeconds);
    public TimeSpan ReadyBacklog => TimeSpan.FromMinutes(ReadyBacklogMinutes);
}

/// <summary>The <c>Smtp</c> section; no <c>Smtp:Host</c> means e-mails go to the local mailbox folder.</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }
    [Range(1, 65535, ErrorMessage = "Smtp:Port must be between {1} and {2}.")]
    public int Port { get; set; } = 587;
    public bool UseTls { get; set; } = true;
    public string? User { get; set; }
    public string? Password { get; set; }
    [Required(ErrorMessage = "Smtp:From is required.")]
    public string From { get; set; } = "retours@maison-lumiere.example";
}

/// <summary>The <c>Shop</c> section: the merchant as the customer sees it in e-mails.</summary>
public sealed class ShopOptions
{
    [Required(ErrorMessage = "Shop:Name is required.")]
    public string Name { get; set; } = "Maison Lumière";
    public string PublicUrl { get; set; } = "http://localhost:5080";
    /// <summary><c>Shop:LogoPath</c>: a PNG, JPEG or GIF shown at the top of e-mails (an Admin's upload wins).</summary>
    public string? LogoPath { get; set; }
    /// <summary>
    /// <c>Shop:LegalName</c>: the seller as the law names it (company name and form) on the withdrawal receipt; empty uses
    /// <see cref="Name"/>. No default: a live shop must not print demo identity (the demo's is in appsettings.Development.json).
    /// </summary>
    public string? LegalName { get; set; }
    /// <summary><c>Shop:Address</c>: the seller's postal address, on one line, on the withdrawal receipt.</summary>
    public string? Address { get; set; }

    /// <summary>"Maison Lumière SAS, 12 rue …": the seller's legal name and address, as one line.</summary>
    public string Seller => string.IsNullOrWhiteSpace(Address)
        ? (string.IsNullOrWhiteSpace(LegalName) ? Name : LegalName)
        : $"{(string.IsNullOrWhiteSpace(LegalName) ? Name : LegalName)}, {Address}";
}

/// <summary>The <c>Notifications</c> section: reminders and the staff digest (ADR 0022).</summary>
public sealed class NotificationOptions
{
    /// <summary><c>Notifications:LabelReminderDaysBefore</c>: the reminder goes this many days before the label expires.</summary>
    [Range(0, 60, ErrorMessage = "Notifications:LabelReminderDaysBefore must be between {1} and {2}.")]
    public int LabelReminderDaysBefore { get; set; } = 3;
    /// <summary><c>Notifications:DigestTime</c>: when the daily staff digest is written, Paris time (HH:mm).</summary>
    [RegularExpression("^([01][0-9]|2[0-3]):[0-5][0-9]$", ErrorMessage = "Notifications:DigestTime must be a time of day as HH:mm.")]
    public string DigestTime { get; set; } = "08:00";
    /// <summary><c>Notifications:DigestRiskDays</c>: a refund deadline within this many days is "at risk".</summary>
    [Range(0, 60, ErrorMessage = "Notifications:DigestRiskDays must be between {1} and {2}.")]
    public int DigestRiskDays { get; set; } = 2;
    /// <summary><c>Notifications:StaffLanguage</c>: the language of staff alerts.</summary>
    [AllowedValues("fr", "en", ErrorMessage = "Notifications:StaffLanguage must be fr or en.")]
    public string StaffLanguage { get; set; } = "fr";
    /// <summary><c>Notifications:JobIntervalSeconds</c>: how often the daily job looks whether it has work.</summary>
    [Range(1, 86400, ErrorMessage = "Notifications:JobIntervalSeconds must be between {1} and {2}.")]
    public int JobIntervalSeconds { get; set; } = 60;
}
