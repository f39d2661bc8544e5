namespace ReturnsPortal.Web.Api;

/// <summary>
/// The API answers in the language the client asks for with <c>Accept-Language</c> (French or English), else the
/// portal's default; pages keep their own choice (ADR 0004). Also applied by the API-key scheme and the per-key rate
/// limit, whose 401/403/429 answers come before any endpoint filter runs.
/// </summary>
public sealed class ApiLanguageFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        Apply(context.HttpContext);
        return await next(context);
    }

    public static void Apply(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var wanted = http.Request.GetTypedHeaders().AcceptLanguage
            .OrderByDescending(l => l.Quality ?? 1)
            .Select(l => l.Value.Value?.Split('-')[0].ToLowerInvariant())
            .FirstOrDefault(l => l is "fr" or "en");
        if (wanted is not null)
        {
            var culture = Hosting.PortalSetup.SupportedCultures.First(c => Domain.Common.ShopLanguage.CodeOf(c) == wanted);
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = culture;
        }
    }
}
