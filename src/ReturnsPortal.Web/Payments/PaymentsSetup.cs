using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Web.Hosting;
using ReturnsPortal.Web.Integrations;

namespace ReturnsPortal.Web.Payments;

/// <summary><c>Payments</c>: who pays refunds to the original payment method (ADR 0117).</summary>
public sealed class PaymentsOptions
{
    public const string Section = "Payments";

    /// <summary>Manual (default: the finance queue), Stripe or Shop.</summary>
    public RefundProvider Provider { get; set; } = RefundProvider.Manual;
}

/// <summary><c>Exchanges</c>: who ships an exchange's replacement (ADR 0117).</summary>
public sealed class ExchangesOptions
{
    public const string Section = "Exchanges";

    /// <summary>Warehouse (default: staff ship it on /staff/exchanges) or Shop (exchange.requested webhook).</summary>
    public ExchangeShipFrom ShipFrom { get; set; } = ExchangeShipFrom.Warehouse;
}

public static class PaymentsSetup
{
    /// <summary>
    /// Reads the merchant's channels once, at start-up (a misspelt provider stops the start with the key named), and
    /// registers them before the database, whose event handlers settle returns through them.
    /// </summary>
    public static IServiceCollection AddPayments(this IServiceCollection services, IConfiguration configuration)
    {
        var payments = services.AddValidatedSettingsNow<PaymentsOptions>(configuration, PaymentsOptions.Section);
        var exchanges = services.AddValidatedSettingsNow<ExchangesOptions>(configuration, ExchangesOptions.Section);
        services.AddSingleton(new SettlementChannels(payments.Provider, exchanges.ShipFrom));
        if (payments.Provider == RefundProvider.Stripe)
        {
            AddStripe(services, configuration);
        }
        return services;
    }

    /// <summary>
    /// Stripe's keys are checked now (a missing one stops the start with its key named), its client gets the timeout,
    /// and the worker sends due refunds (ADR 0119).
    /// </summary>
    private static void AddStripe(IServiceCollection services, IConfiguration configuration)
    {
        var stripe = services.AddValidatedSettingsNow<StripeOptions>(configuration, StripeOptions.Section);
        // Stripe's API is called through the guarded handler like every outbound call (ADR 0123).
        services.AddOutboundHttpClient(configuration, StripeRefunds.HttpClientName, c => c.Timeout = stripe.Timeout);
        services.AddSingleton<StripeRefunds>();
        if (stripe.WorkerEnabled)
        {
            services.AddHostedService<RefundWorker>();
        }
    }
}
