namespace ReturnsPortal.Web.Notifications;

/// <summary>The <c>Outbox</c> section: how the dispatcher works the outbox (ADR 0020).</summary>
public sealed class OutboxOptions
{
    /// <summary><c>Outbox:Enabled</c>: run the background dispatcher in this instance.</summary>
    public bool Enabled { get; set; } = true;
    /// <summary><c>Outbox:BatchSize</c>: messages claimed per round.</summary>
    public int BatchSize { get; set; } = 20;
    /// <summary><c>Outbox:PollSeconds</c>: pause when the outbox is empty.</summary>
    public int PollSeconds { get; set; } = 5;
    /// <summary><c>Outbox:MaxAttempts</c>: failed tries before a message is dead-lettered.</summary>
    public int MaxAttempts { get; set; } = 8;
    /// <summary><c>Outbox:BaseDelaySeconds</c>: the first back-off; each failure doubles it.</summary>
    public int BaseDelaySeconds { get; set; } = 30;
    /// <summary><c>Outbox:MaxDelayMinutes</c>: back-off never waits longer than this.</summary>
    public int MaxDelayMinutes { get; set; } = 60;
    /// <summary><c>Outbox:LeaseSeconds</c>: how long a claim holds before another instance may take the message.</summary>
    public int LeaseSeconds { get; set; } = 120;

    public TimeSpan BaseDelay => TimeSpan.FromSeconds(BaseDelaySeconds);
    public TimeSpan MaxDelay => TimeSpan.FromMinutes(MaxDelayMinutes);
    public TimeSpan Lease => TimeSpan.FromSeconds(LeaseSeconds);
}

/// <summary>The <c>Smtp</c> section; no <c>Smtp:Host</c> means e-mails go to the local mailbox folder.</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    public bool UseTls { get; set; } = true;
    public string? User { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "retours@maison-lumiere.example";
}

/// <summary>The <c>Shop</c> section: the merchant as the customer sees it in e-mails.</summary>
public sealed class ShopOptions
{
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
    public int LabelReminderDaysBefore { get; set; } = 3;
    /// <summary><c>Notifications:DigestTime</c>: when the daily staff digest is written, Paris time (HH:mm).</summary>
    public string DigestTime { get; set; } = "08:00";
    /// <summary><c>Notifications:DigestRiskDays</c>: a refund deadline within this many days is "at risk".</summary>
    public int DigestRiskDays { get; set; } = 2;
    /// <summary><c>Notifications:StaffLanguage</c>: the language of staff alerts.</summary>
    public string StaffLanguage { get; set; } = "fr";
    /// <summary><c>Notifications:JobIntervalSeconds</c>: how often the daily job looks whether it has work.</summary>
    public int JobIntervalSeconds { get; set; } = 60;
}
