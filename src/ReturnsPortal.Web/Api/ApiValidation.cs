using System.Reflection;
using System.Text.Json;
using FluentValidation.Results;
using Microsoft.AspNetCore.Http.HttpResults;
using ReturnsPortal.Domain.Customers;

namespace ReturnsPortal.Web.Api;

/// <summary>
/// The API's one validation step (ADR 0106): an endpoint filter on the <c>/api/v1</c> group runs the FluentValidation
/// validator of every handler argument that has one (a JSON body, or an <c>[AsParameters]</c> query record; the same
/// validators and localised messages as the pages) before the handler, and answers RFC 9457 validation problem
/// details keyed by the JSON field (<c>lines[0].quantity</c>): 422 for the rules of a body, 400 for a malformed
/// query or a record marked <see cref="BadRequestWhenInvalidAttribute"/> (ADR 0050, ADR 0099).
/// </summary>
public static class ApiValidation
{
    /// <summary>
    /// Adds the filter to every endpoint of <paramref name="group"/> whose handler takes an argument with a registered
    /// <see cref="IValidator{T}"/>; the others are left as they are. Which arguments, and their status, is worked out
    /// once per endpoint when the app starts.
    /// </summary>
    public static TBuilder ValidateArguments<TBuilder>(this TBuilder group) where TBuilder : IEndpointConventionBuilder =>
        group.AddEndpointFilterFactory((factory, next) =>
        {
            var services = factory.ApplicationServices.GetRequiredService<IServiceProviderIsService>();
            var validated = factory.MethodInfo.GetParameters()
                .Select((p, i) => (Index: i, Type: p.ParameterType, Validator: typeof(IValidator<>).MakeGenericType(p.ParameterType), Status: StatusOf(p)))
                .Where(a => services.IsService(a.Validator))
                .ToList();
            if (validated.Count == 0)
            {
                return next;
            }
            return async invocation =>
            {
                var http = invocation.HttpContext;
                foreach (var (index, type, validatorType, status) in validated)
                {
                    // A body the client could not send as JSON arrives as null: the handler answers it (400, its own detail).
                    if (invocation.Arguments[index] is not { } argument)
                    {
                        continue;
                    }
                    var validator = (IValidator)http.RequestServices.GetRequiredService(validatorType);
                    var result = await validator.ValidateAsync(new ValidationContext<object>(argument), http.RequestAborted);
                    if (!result.IsValid)
                    {
                        return Problem(Errors(result), http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>(), status);
                    }
                }
                return await next(invocation);
            };
        });

    /// <summary>A query (path and query string) is malformed: 400; a body breaks rules: 422, unless its record says 400.</summary>
    private static int StatusOf(ParameterInfo parameter) =>
        parameter.GetCustomAttribute<AsParametersAttribute>() is not null
        || parameter.ParameterType.GetCustomAttribute<BadRequestWhenInvalidAttribute>() is not null
            ? StatusCodes.Status400BadRequest
            : StatusCodes.Status422UnprocessableEntity;

    /// <summary>The failures by JSON field, each message once.</summary>
    public static Dictionary<string, string[]> Errors(ValidationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Errors
            .GroupBy(e => JsonPath(e.PropertyName), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
    }

    public static ProblemHttpResult Problem(IDictionary<string, string[]> errors, IStringLocalizer l, int status, string? detail = null)
    {
        ArgumentNullException.ThrowIfNull(l);
        return TypedResults.Problem(new HttpValidationProblemDetails(errors)
        {
            Status = status,
            Title = l["Api.ValidationTitle"].Value,
            Detail = detail,
        });
    }

    /// <summary>The e-mail of an order, as every API query and body that names one checks it.</summary>
    public static IRuleBuilderOptions<T, string?> OrderEmail<T>(this IRuleBuilderInitial<T, string?> rule, IStringLocalizer l) =>
        rule.Cascade(CascadeMode.Stop)
            .Must(e => !string.IsNullOrWhiteSpace(e)).WithMessage(_ => l["Api.EmailRequired"])
            .Must(e => e!.Length <= Customer.EmailLength && e.Contains('@', StringComparison.Ordinal)).WithMessage(_ => l["FindOrder.EmailInvalid"]);

    /// <summary><c>Lines[0].ReasonCode</c> → <c>lines[0].reasonCode</c>: the names the client sent.</summary>
    public static string JsonPath(string propertyName) =>
        string.Join('.', (propertyName ?? "").Split('.').Select(JsonNamingPolicy.CamelCase.ConvertName));
}

/// <summary>On a body record: a body that fails its validator is a bad request (400), not a broken rule (422).</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class BadRequestWhenInvalidAttribute : Attribute;

/// <summary>
/// Reads a JSON request body for a handler argument (its record's <c>BindAsync</c>): null when the body is not JSON of
/// that shape, which the handler answers 400 with its own detail, as before the validation filter existed.
/// </summary>
public static class ApiJsonBody
{
    public static async ValueTask<T?> ReadAsync<T>(HttpContext http) where T : class
    {
        ArgumentNullException.ThrowIfNull(http);
        try
        {
            return await http.Request.ReadFromJsonAsync<T>(http.RequestAborted);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return null;
        }
    }
}
