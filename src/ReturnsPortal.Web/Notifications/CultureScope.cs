namespace ReturnsPortal.Web.Notifications;

/// <summary>
/// Switches the current culture (numbers, dates) and UI culture (resource look-ups) to an e-mail's language for a
/// block, then puts both back: an e-mail speaks its recipient's language, whatever the request or worker composing it.
/// Words are then read with <c>l["Email.…"]</c> from <see cref="SharedResource"/>.
/// </summary>
public sealed class CultureScope : IDisposable
{
    private readonly CultureInfo culture = CultureInfo.CurrentCulture;
    private readonly CultureInfo uiCulture = CultureInfo.CurrentUICulture;

    public CultureScope(string? language)
    {
        var wanted = ShopLanguage.CultureOf(language);
        CultureInfo.CurrentCulture = wanted;
        CultureInfo.CurrentUICulture = wanted;
    }

    public void Dispose()
    {
        CultureInfo.CurrentCulture = culture;
        CultureInfo.CurrentUICulture = uiCulture;
    }
}
