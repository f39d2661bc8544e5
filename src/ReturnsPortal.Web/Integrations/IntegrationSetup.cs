using ReturnsPortal.Web.Api;

namespace ReturnsPortal.Web.Integrations;

/// <summary>The integration plug (issue 5): the API keys' rate limit settings, data in and out, CSV import, webhooks.</summary>
public static class IntegrationSetup
{
    public static IServiceCollection AddIntegrations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<ApiKeyRateLimitOptions>(configuration, "RateLimits:ApiKey");
        services.AddScoped<Domain.Integrations.CatalogSync>();
        var webhooks = services.AddValidatedSettingsNow<WebhookOptions>(configuration, "Webhooks");
        services.AddScoped<WebhookFanOut>();
        services.AddScoped<WebhookSender>();
        services.AddSingleton<WebhookSecrets>();
        // The guarded handler (ADR 0123); no redirects: a 3xx is not a delivery, and following one could lead elsewhere.
        services.AddOutboundHttpClient(configuration, WebhookSender.ClientName, c => c.DefaultRequestHeaders.UserAgent.ParseAdd("ReturnsPortal-Webhooks/1.0"));
        services.AddScoped<CsvImporter>();
        if (services.AddValidatedSettingsNow<ImportOptions>(configuration, ImportOptions.Section).Enabled)
        {
            services.AddHostedService<ImportWorker>();
        }
        if (webhooks.Enabled)
        {
            services.AddHostedService<WebhookWorker>();
        }
        return services;
    }
}

/// <summary>The <c>Import</c> section.</summary>
public sealed class ImportOptions
{
    public const string Section = "Import";

    /// <summary><c>Import:Enabled</c>: run the CSV import worker in this instance.</summary>
    public bool Enabled { get; set; } = true;
}
