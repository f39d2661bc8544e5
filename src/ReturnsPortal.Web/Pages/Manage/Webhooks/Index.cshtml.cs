using Microsoft.AspNetCore.Authorization;
using ReturnsPortal.Domain.Integrations;
using ReturnsPortal.Web.Integrations;

namespace ReturnsPortal.Web.Pages.Manage.Webhooks;

/// <summary>Admins subscribe the shop's endpoints to events (the signing secret is shown once), pause and resume them (ADR 0072).</summary>
[Authorize(Policy = AccessPolicies.Admin)]
public sealed class WebhooksModel(
    ReturnsDbContext db, TimeProvider clock, WebhookSecrets secrets, IValidator<WebhooksModel.Input> validator, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty] public Input Form { get; set; } = new();
    public IReadOnlyList<Row> Subscriptions { get; private set; } = [];
    public string? NewSecret { get; private set; }
    public string? Message { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        (NewSecret, Message) = ShownOnce.Read(TempData);
        Subscriptions = await db.WebhookSubscriptions.AsNoTracking().OrderBy(s => s.Id)
            .Select(s => new Row(s.Id, s.Url, s.Events, s.IsActive, s.CreatedAt,
                db.WebhookDeliveries.Count(d => d.SubscriptionId == s.Id && d.Status == WebhookDeliveryStatus.Delivered),
                db.WebhookDeliveries.Count(d => d.SubscriptionId == s.Id && d.Status == WebhookDeliveryStatus.Failed)))
            .ToListAsync(ct);
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        if (await this.RedisplayIfInvalidAsync(validator, Form, nameof(Form), () => OnGetAsync(ct), ct) is { } invalid)
        {
            return invalid;
        }
        var secret = WebhookSubscription.GenerateSecret();
        // Stored encrypted (ADR 0124); shown once in clear.
        db.WebhookSubscriptions.Add(WebhookSubscription.Create(Form.Url!, Form.Events, secrets.Protect(secret), User.Identity?.Name, clock.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync(ct);
        return this.RedirectShowingOnce(l["Webhooks.Created"].Value, secret);
    }

    public async Task<IActionResult> OnPostToggleAsync(int id, CancellationToken ct)
    {
        var subscription = await db.WebhookSubscriptions.SingleOrDefaultAsync(s => s.Id == id, ct);
        if (subscription is null)
        {
            return NotFound();
        }
        subscription.Activate(!subscription.IsActive);
        await db.SaveChangesAsync(ct);
        return this.RedirectShowingOnce((subscription.IsActive ? l["Webhooks.Resumed"] : l["Webhooks.PausedMessage"]).Value);
    }

    public sealed record Row(int Id, string Url, string Events, bool IsActive, DateTime CreatedAt, int Delivered, int Failed);

    public sealed record Input
    {
        public string? Url { get; set; }
        public List<string> Events { get; set; } = [];
    }

    /// <summary>
    /// https only outside Development, and no literal private address or localhost unless allowed by
    /// <c>Outbound:AllowedPrivateHosts</c> (ADR 0123); the connect step checks again, after DNS, at every delivery.
    /// </summary>
    public sealed class InputValidator : AbstractValidator<Input>
    {
        public InputValidator(IStringLocalizer<SharedResource> l, IHostEnvironment environment, OutboundOptions outbound)
        {
            var allowHttp = environment.IsDevelopment();
            RuleFor(i => i.Url).Custom((url, context) =>
            {
                if (WebhookSubscription.UrlProblem(url, allowHttp, outbound.AllowedPrivateHosts) is { } problem)
                {
                    context.AddFailure(l[problem switch
                    {
                        "webhook.https" => "Webhooks.UrlHttpsOnly",
                        "webhook.private" => "Webhooks.UrlPrivate",
                        _ => "Webhooks.UrlInvalid",
                    }]);
                }
            });
            RuleFor(i => i.Events).Must(e => e.Count > 0 && e.All(WebhookEvents.All.Contains)).WithMessage(_ => l["Webhooks.EventsRequired"]);
        }
    }
}
