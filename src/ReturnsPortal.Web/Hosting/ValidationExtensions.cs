using FluentValidation;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace ReturnsPortal.Web.Hosting;

public static class ValidationExtensions
{
    /// <summary>Validates a bound form and copies every error into ModelState under "prefix.Property".</summary>
    public static async Task<bool> ValidateIntoAsync<T>(
        this IValidator<T> validator, T input, ModelStateDictionary modelState, string prefix, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(validator);
        ArgumentNullException.ThrowIfNull(modelState);
        var result = await validator.ValidateAsync(input, ct);
        foreach (var error in result.Errors)
        {
            modelState.AddModelError($"{prefix}.{error.PropertyName}", error.ErrorMessage);
        }
        return result.IsValid && modelState.IsValid;
    }
}
