using System.Reflection;
using FluentValidation;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Web.Api;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Api;

/// <summary>
/// Validation problems name the fields as the client wrote them in its JSON, and one filter validates the whole API
/// (ADR 0106). The endpoints do not depend on the database: SQLite only.
/// </summary>
public sealed class ApiValidationTests(SqlitePortalFactory factory) : IClassFixture<SqlitePortalFactory>
{
    [Theory]
    [InlineData("Amount", "amount")]
    [InlineData("TrackingNumber", "trackingNumber")]
    [InlineData("Lines[0].ReasonCode", "lines[0].reasonCode")]
    [InlineData("Pickup.Postcode", "pickup.postcode")]
    public void A_validator_property_becomes_the_json_field(string property, string field) =>
        ApiValidation.JsonPath(property).ShouldBe(field);

    [Fact]
    public void No_api_handler_validates_by_hand_and_every_query_or_body_it_takes_has_a_validator()
    {
        _ = factory.CreateClient();
        var services = factory.Services;
        var handlers = services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1/", StringComparison.Ordinal) == true)
            .Select(e => (Route: e.DisplayName, Method: e.Metadata.GetMetadata<MethodInfo>()!))
            .ToList();
        handlers.Count.ShouldBeGreaterThanOrEqualTo(15);
        using var scope = services.CreateScope();
        foreach (var (route, method) in handlers)
        {
            foreach (var parameter in method.GetParameters())
            {
                var type = parameter.ParameterType;
                (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IValidator<>)).ShouldBeFalse($"{route}: {parameter.Name}");
                // A query record ([AsParameters]) or a JSON body record (BindAsync) is what the filter validates.
                var isRequestRecord = parameter.GetCustomAttribute<Microsoft.AspNetCore.Http.AsParametersAttribute>() is not null
                    || type.GetMethod("BindAsync", BindingFlags.Public | BindingFlags.Static) is not null;
                if (isRequestRecord)
                {
                    scope.ServiceProvider.GetService(typeof(IValidator<>).MakeGenericType(type)).ShouldNotBeNull($"{route}: {type.Name}");
                }
            }
        }
    }
}
