using ReturnsPortal.Web.Api;
using ReturnsPortal.Web.Hosting;

namespace ReturnsPortal.Web.Integrations;

/// <summary>The integration plug (issue 5): the API keys' rate limit settings, data in and out, CSV import, webhooks.</summary>
public static class IntegrationSetup
{
    public static IServiceCollection AddIntegrations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<ApiKeyRateLimitOptions>(configuration, "RateLimits:ApiKey");
        services.AddScoped<Domain.Integrations.CatalogSync>();
        var webhooks = configuration.GetSection("Webhooks").Get<WebhookOptions>() ?? new WebhookOptions();
        services.AddValidatedSettings<WebhookOptions>(configuration, "Webhooks");
        services.AddScoped<WebhookFanOut>();
        services.AddScoped<WebhookSender>();
        // No redirects: a 3xx is not a delivery, and following one could lead the request somewhere else.
        services.AddHttpClient(WebhookSender.ClientName, c => c.DefaultRequestHeaders.UserAgent.ParseAdd("ReturnsPortal-Webhooks/1.0"))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        services.AddScoped<CsvImporter>();
        if (configuration.GetValue("Import:Enabled", true))
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
