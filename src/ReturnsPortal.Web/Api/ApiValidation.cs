using System.Text.Json;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using ReturnsPortal.Domain.Customers;

namespace ReturnsPortal.Web.Api;

/// <summary>
/// Runs the FluentValidation validator of a request body or query (the same validators and localised messages as the
/// pages) and answers RFC 9457 validation problem details keyed by the JSON field (<c>lines[0].quantity</c>):
/// 422 for the rules of a body, 400 for a malformed query (ADR 0050, ADR 0099).
/// </summary>
public static class ApiValidation
{
    /// <summary>Null when <paramref name="value"/> is valid; otherwise the problem to return.</summary>
    public static async Task<ProblemHttpResult?> ProblemIfInvalidAsync<T>(
        this IValidator<T> validator, T value, IStringLocalizer l, int status = StatusCodes.Status422UnprocessableEntity, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(validator);
        var result = await validator.ValidateAsync(value, ct);
        return result.IsValid ? null : Problem(Errors(result), l, status);
    }

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
