namespace ReturnsPortal.Web.Hosting;

/// <summary>
/// Counted words in proper plural ("1 article", "2 articles") instead of "article(s)": the text is
/// <c>key.One</c> or <c>key.Other</c>, chosen by the UI language's rule (French: 0 and 1 are singular; English: only 1).
/// </summary>
public static class Plural
{
    /// <summary>The text for <paramref name="count"/> ({0}); <paramref name="more"/> fills {1}, {2}…</summary>
    public static string Format(IStringLocalizer l, string key, int count, params object[] more)
    {
        ArgumentNullException.ThrowIfNull(l);
        ArgumentNullException.ThrowIfNull(more);
        var one = ShopLanguage.CurrentIsFrench ? count is 0 or 1 : count == 1;
        return l[key + (one ? ".One" : ".Other"), [count, .. more]];
    }
}
