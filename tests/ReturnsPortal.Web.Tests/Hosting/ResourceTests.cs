using System.Collections;
using System.Globalization;
using System.Resources;

namespace ReturnsPortal.Web.Tests.Hosting;

public sealed class ResourceTests
{
    [Fact]
    public void Every_string_exists_in_french_and_in_english()
    {
        var manager = new ResourceManager("ReturnsPortal.Web.Resources.SharedResource", typeof(SharedResource).Assembly);
        var english = Keys(manager.GetResourceSet(CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: false));
        var french = Keys(manager.GetResourceSet(new CultureInfo("fr"), createIfNotExists: true, tryParents: false));

        english.Count.ShouldBeGreaterThan(50);
        english.Except(french).ShouldBeEmpty("missing in SharedResource.fr.resx");
        french.Except(english).ShouldBeEmpty("missing in SharedResource.resx");
    }

    private static HashSet<string> Keys(ResourceSet? set) =>
        set?.Cast<DictionaryEntry>().Select(e => (string)e.Key).ToHashSet() ?? throw new InvalidOperationException("No resource set.");
}
