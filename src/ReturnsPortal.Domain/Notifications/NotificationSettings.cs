namespace ReturnsPortal.Domain.Notifications;

/// <summary>An Admin's switch for one notification event; an event with no row is on (ADR 0021).</summary>
public sealed class NotificationSetting
{
    public const int EventLength = 60;

    private NotificationSetting() { }

    /// <summary>The event key, e.g. <c>customer.return_created</c> (primary key).</summary>
    public string Event { get; private set; } = "";
    public bool Enabled { get; private set; }
    public DateTime UpdatedAt { get; private set; }
    public string UpdatedBy { get; private set; } = "";

    public static NotificationSetting For(string eventKey, bool enabled, string actor, DateTime at) =>
        new NotificationSetting { Event = eventKey }.Switch(enabled, actor, at);

    public NotificationSetting Switch(bool enabled, string actor, DateTime at)
    {
        Enabled = enabled;
        UpdatedBy = actor;
        UpdatedAt = at;
        return this;
    }
}

/// <summary>
/// An Admin's version of one event's e-mail in one language, replacing the built-in default. The Web layer checks the
/// template before it is stored (an invalid one is refused with its line and reason); deleting the row restores the default.
/// </summary>
public sealed class EmailTemplate
{
    public const int SubjectLength = 300;
    public const int BodyLength = 50_000;

    private EmailTemplate() { }

    public int Id { get; private set; }
    public string Event { get; private set; } = "";
    /// <summary>"fr" or "en".</summary>
    public string Language { get; private set; } = "fr";
    public string Subject { get; private set; } = "";
    public string Html { get; private set; } = "";
    public string Text { get; private set; } = "";
    public DateTime UpdatedAt { get; private set; }
    public string UpdatedBy { get; private set; } = "";

    public static EmailTemplate For(string eventKey, string language) => new() { Event = eventKey, Language = language };

    public void Update(string subject, string html, string text, string actor, DateTime at)
    {
        if (subject.Length > SubjectLength || html.Length > BodyLength || text.Length > BodyLength)
        {
            throw new Common.DomainException("template.too_long", "The template is too long.");
        }
        Subject = subject;
        Html = html;
        Text = text;
        UpdatedBy = actor;
        UpdatedAt = at;
    }
}
