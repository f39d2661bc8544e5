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

    /// <summary>
    /// The form pages' first step: validates the bound form into ModelState and, when it is invalid, reloads what the
    /// page lists (<paramref name="reload"/>) and answers the page again with its errors; null when the form is valid.
    /// </summary>
    public static async Task<IActionResult?> RedisplayIfInvalidAsync<T>(
        this PageModel page, IValidator<T> validator, T input, string prefix, Func<Task> reload, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(reload);
        if (await validator.ValidateIntoAsync(input, page.ModelState, prefix, ct))
        {
            return null;
        }
        await reload();
        return page.Page();
    }
}
