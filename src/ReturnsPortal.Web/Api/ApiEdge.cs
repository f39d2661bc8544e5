using ReturnsPortal.Web.Integrations;

namespace ReturnsPortal.Web.Api;

/// <summary>
/// The one <c>/api/v1</c> group (ADR 0099): the client's language, the validation of every argument that has a validator
/// (<see cref="ApiValidation.ValidateArguments"/>, ADR 0106), the API-key scheme (every endpoint needs a live key;
/// each endpoint or sub-group adds the policy of its scope), the per-key rate limit (the global limiter, see
/// <see cref="ApiKeyRateLimit"/>) and the problem details every operation can answer. Each Api file maps its endpoints
/// on this group.
/// </summary>
public static class ApiEdge
{
    public static RouteGroupBuilder MapApiV1(this IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup("/api/v1")
            .AddEndpointFilter<ApiLanguageFilter>()
            // After the language: validation messages are in the client's language.
            .ValidateArguments()
            .RequireAuthorization(ApiKeyDefaults.Policy)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        v1.MapCustomerApi();
        v1.MapReturnsApi();
        v1.MapStoreCreditApi();
        v1.MapIntegrationApi();
        v1.MapStockApi();
        v1.MapAnalyticsApi();
        v1.MapSettlementsApi();
        v1.MapPrivacyApi();
        return v1;
    }
}
