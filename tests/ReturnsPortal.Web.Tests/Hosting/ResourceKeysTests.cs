using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;

namespace ReturnsPortal.Web.Tests.Hosting;

/// <summary>
/// Every literal key the web project asks its localiser for exists in both languages: a missing key is shown to people
/// as the key itself ("FindOrder.EmailRequired", issue 15 item 9).
/// </summary>
public sealed partial class ResourceKeysTests
{
    [Fact]
    public void Every_literal_localiser_key_in_the_web_project_exists_in_french_and_in_english()
    {
        var manager = new ResourceManager("ReturnsPortal.Web.Resources.SharedResource", typeof(SharedResource).Assembly);
        var english = Keys(manager.GetResourceSet(CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: false));
        var french = Keys(manager.GetResourceSet(new CultureInfo("fr"), createIfNotExists: true, tryParents: false));
        var web = Path.Combine(RepositoryRoot(), "src", "ReturnsPortal.Web");

        var used = Directory.EnumerateFiles(web, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => LiteralKey().Matches(File.ReadAllText(f)).Select(m => (Key: m.Groups["key"].Value, File: Path.GetRelativePath(web, f))))
            .ToList();
        // Plural.Format(L, "Key", n) asks for Key.One or Key.Other.
        used.AddRange(Directory.EnumerateFiles(web, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal))
            .SelectMany(f => PluralKey().Matches(File.ReadAllText(f))
                .SelectMany(m => PluralSuffixes.Select(suffix => (Key: m.Groups["key"].Value + suffix, File: Path.GetRelativePath(web, f))))));

        used.Count.ShouldBeGreaterThan(500, "the scan found the localiser calls");
        used.Where(u => !english.Contains(u.Key)).Select(u => $"{u.Key} ({u.File})").Distinct().ShouldBeEmpty("missing in SharedResource.resx");
        used.Where(u => !french.Contains(u.Key)).Select(u => $"{u.Key} ({u.File})").Distinct().ShouldBeEmpty("missing in SharedResource.fr.resx");
    }

    /// <summary>The checkout: the folder that holds ReturnsPortal.sln, above the test binaries.</summary>
    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ReturnsPortal.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("ReturnsPortal.sln not found above the test binaries.");
    }

    // L["Key"], l["Key", args], Localizer["Key"]: a whole literal key; built keys ("Status." + x, $"…") are not literal.
    [GeneratedRegex("""\b(?:L|l|[Ll]ocalizer|_l)\[\s*"(?<key>[A-Za-z0-9_.\-]+)"\s*[\],]""")]
    private static partial Regex LiteralKey();

    private static readonly string[] PluralSuffixes = [".One", ".Other"];

    [GeneratedRegex("""Plural\.Format\(\s*\w+\s*,\s*"(?<key>[A-Za-z0-9_.\-]+)"\s*,""")]
    private static partial Regex PluralKey();

    private static HashSet<string> Keys(ResourceSet? set) =>
        set?.Cast<DictionaryEntry>().Select(e => (string)e.Key).ToHashSet() ?? throw new InvalidOperationException("No resource set.");
}
