using ReturnsPortal.Web.Api;

namespace ReturnsPortal.Web.Integrations;

/// <summary>The integration plug (issue 5): API keys and their rate limit, data in and out, CSV import, webhooks.</summary>
public static class IntegrationSetup
{
    public static IServiceCollection AddIntegrations(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ApiKeyRateLimitOptions>(configuration.GetSection("RateLimits:ApiKey"));
        services.AddSingleton<ApiKeyRateLimiter>();
        services.AddScoped<Domain.Integrations.CatalogSync>();
        return services;
    }

    public static IEndpointRouteBuilder MapIntegrations(this IEndpointRouteBuilder app)
    {
        app.MapIntegrationApi();
        return app;
    }
}
