using Microsoft.Extensions.Options;

namespace ReturnsPortal.Web.Hosting;

/// <summary>
/// Every settings section is bound here, validated when the app starts (<c>ValidateOnStart</c>): a bad value stops the
/// app with an <see cref="OptionsValidationException"/> whose message names the key, instead of failing on first use.
/// </summary>
public static class ValidatedOptions
{
    /// <summary>Binds <paramref name="section"/> to <typeparamref name="T"/>, checked by its data annotations at start-up.</summary>
    public static OptionsBuilder<T> AddValidatedOptions<T>(this IServiceCollection services, IConfiguration configuration, string section)
        where T : class =>
        services.AddOptions<T>()
            .Bind(configuration.GetSection(section))
            .ValidateDataAnnotations()
            .ValidateOnStart();

    /// <summary>
    /// As <see cref="AddValidatedOptions{T}"/>, and <typeparamref name="T"/> itself is injectable (the validated value),
    /// for the services that take the settings object rather than <see cref="IOptions{T}"/>.
    /// </summary>
    public static OptionsBuilder<T> AddValidatedSettings<T>(this IServiceCollection services, IConfiguration configuration, string section)
        where T : class
    {
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<T>>().Value);
        return services.AddValidatedOptions<T>(configuration, section);
    }

    /// <summary>True for an absolute http or https URL.</summary>
    public static bool IsAbsoluteHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
