using System.ComponentModel.DataAnnotations;
using ReturnsPortal.Web.Hosting;

namespace ReturnsPortal.Web.Payments;

/// <summary><c>Payments:Stripe</c>: the keys and address of Stripe, required only when <c>Payments:Provider=Stripe</c> (ADR 0119).</summary>
public sealed class StripeOptions : IValidatableObject
{
    public const string Section = "Payments:Stripe";

    /// <summary>A restricted key with Refunds write (rk_…) or the secret key (sk_…).</summary>
    [Required(ErrorMessage = "Payments:Stripe:SecretKey is required when Payments:Provider is Stripe (a restricted key with Refunds write).")]
    public string SecretKey { get; set; } = "";

    /// <summary>The signing secret of the portal's webhook endpoint in Stripe's dashboard (whsec_…).</summary>
    [Required(ErrorMessage = "Payments:Stripe:WebhookSecret is required when Payments:Provider is Stripe (the endpoint's signing secret, whsec_…).")]
    public string WebhookSecret { get; set; } = "";

    /// <summary>Stripe's API; tests point it at a local server.</summary>
    public string ApiBase { get; set; } = "https://api.stripe.com";

    /// <summary>How long one call may take; a slower answer is a try error, retried later with the same key.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Off in tests, which drive <see cref="StripeRefunds.SendDueAsync"/> themselves.</summary>
    public bool WorkerEnabled { get; set; } = true;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!ValidatedOptions.IsAbsoluteHttpUrl(ApiBase))
        {
            yield return new ValidationResult("Payments:Stripe:ApiBase must be an absolute http(s) URL.", [nameof(ApiBase)]);
        }
        if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromMinutes(5))
        {
            yield return new ValidationResult("Payments:Stripe:Timeout must be between 00:00:01 and 00:05:00.", [nameof(Timeout)]);
        }
    }
}
