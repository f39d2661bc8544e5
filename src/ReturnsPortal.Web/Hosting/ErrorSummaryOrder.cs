using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace ReturnsPortal.Web.Hosting;

/// <summary>
/// Puts the error summary in the order of the form. ModelState enumerates its keys as a sorted tree, not in the order
/// the fields are shown, so a summary read top-down jumped around (issue 15 item 9). Fields are declared in the order
/// they are shown (Input records), so the position of each key's properties in the page's metadata is that order.
/// </summary>
public static class ErrorSummaryOrder
{
    public static IEnumerable<(string Key, ModelError Error)> Ordered(ModelStateDictionary modelState, ModelMetadata? root)
    {
        ArgumentNullException.ThrowIfNull(modelState);
        return modelState
            .SelectMany(entry => (entry.Value?.Errors ?? []).Select(error => (entry.Key, Error: error)))
            .Select((e, i) => (e.Key, e.Error, Position: Position(e.Key, root), Index: i))
            .OrderBy(e => e.Position, Comparer<IReadOnlyList<int>>.Create(Compare))
            .ThenBy(e => e.Index)
            .Select(e => (e.Key, e.Error));
    }

    // Form-level errors (empty key) first, then each segment's property position and collection index.
    private static List<int> Position(string key, ModelMetadata? metadata)
    {
        var position = new List<int>();
        if (string.IsNullOrEmpty(key))
        {
            return position;
        }
        foreach (var segment in key.Split('.'))
        {
            var bracket = segment.IndexOf('[', StringComparison.Ordinal);
            var name = bracket < 0 ? segment : segment[..bracket];
            var properties = metadata?.Properties.ToList() ?? [];
            var at = properties.FindIndex(p => string.Equals(p.PropertyName, name, StringComparison.OrdinalIgnoreCase));
            position.Add(at < 0 ? int.MaxValue : at);
            metadata = at < 0 ? null : properties[at];
            if (bracket >= 0)
            {
                var end = segment.IndexOf(']', bracket);
                position.Add(end > bracket && int.TryParse(segment[(bracket + 1)..end], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                    ? index : int.MaxValue);
                metadata = metadata?.ElementMetadata;
            }
        }
        return position;
    }

    private static int Compare(IReadOnlyList<int>? a, IReadOnlyList<int>? b)
    {
        a ??= [];
        b ??= [];
        for (var i = 0; i < Math.Min(a.Count, b.Count); i++)
        {
            var c = a[i].CompareTo(b[i]);
            if (c != 0)
            {
                return c;
            }
        }
        return a.Count.CompareTo(b.Count);
    }
}
