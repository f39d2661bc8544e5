using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace ReturnsPortal.Web.Hosting;

/// <summary>
/// Every settings section is bound here, validated when the app starts (<c>ValidateOnStart</c>): a bad value stops the
/// app with an <see cref="OptionsValidationException"/> whose message names the key, instead of failing on first use.
/// No setting is read with <c>GetValue</c> or <c>configuration[...]</c> elsewhere (ADR 0100); the only exception is
/// <see cref="PortalOptions"/>, read before any service exists.
/// </summary>
public static class ValidatedOptions
{
    /// <summary>Binds <paramref name="section"/> to <typeparamref name="T"/>, checked by its data annotations at start-up.</summary>
    public static OptionsBuilder<T> AddValidatedOptions<T>(this IServiceCollection services, IConfiguration configuration, string section)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var settings = configuration.GetSection(section);
        services.AddSingleton<IOptionsChangeTokenSource<T>>(new ConfigurationChangeTokenSource<T>(Options.DefaultName, settings));
        return services.AddOptions<T>()
            .Configure(o => Bind(settings, o))
            .ValidateDataAnnotations()
            .ValidateOnStart();
    }

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

    /// <summary>
    /// As <see cref="AddValidatedSettings{T}"/>, and the value now: for a switch that decides which services are registered
    /// (a worker on or off), needed before <c>ValidateOnStart</c> runs. Checked here by the same rules, so a bad value
    /// stops the start with the same exception.
    /// </summary>
    public static T AddValidatedSettingsNow<T>(this IServiceCollection services, IConfiguration configuration, string section)
        where T : class, new()
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddValidatedSettings<T>(configuration, section);
        var value = new T();
        Bind(configuration.GetSection(section), value);
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(value, new ValidationContext(value), results, validateAllProperties: true))
        {
            throw new OptionsValidationException(section, typeof(T), [.. results.Select(r => r.ErrorMessage ?? $"{section} is not valid.")]);
        }
        return value;
    }

    /// <summary>True for an absolute http or https URL.</summary>
    public static bool IsAbsoluteHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    // A value the binder cannot convert ("Import:Enabled": "maybe") is a bad setting like any other: the binder's
    // message names the key ("Failed to convert configuration value at 'Import:Enabled' to type 'System.Boolean'").
    private static void Bind<T>(IConfigurationSection settings, T into)
        where T : class
    {
        try
        {
            settings.Bind(into);
        }
        catch (InvalidOperationException e)
        {
            throw new OptionsValidationException(settings.Path, typeof(T), [e.Message]);
        }
    }
}
