using System.Text;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using System.Text.Unicode;

namespace ReturnsPortal.Web.Notifications.Templates;

/// <summary>
/// The values an e-mail template can read: text, flags, nested models and lists of models, built per event by code.
/// The engine only ever looks values up in these dictionaries: it never reflects on an object, calls a method or
/// evaluates an expression, so a template cannot run code (ADR 0021).
/// </summary>
public sealed class TemplateModel
{
    private readonly Dictionary<string, object> values = new(StringComparer.Ordinal);

    public TemplateModel Set(string name, string? value)
    {
        values[name] = value ?? "";
        return this;
    }

    public TemplateModel Set(string name, bool value)
    {
        values[name] = value;
        return this;
    }

    public TemplateModel Set(string name, TemplateModel value)
    {
        values[name] = value;
        return this;
    }

    public TemplateModel Set(string name, IEnumerable<TemplateModel> items)
    {
        values[name] = items.ToList();
        return this;
    }

    internal bool TryGet(string name, out object value) => values.TryGetValue(name, out value!);

    /// <summary>The names and nested names this model offers, for the settings page ("customer.name", "lines").</summary>
    public IEnumerable<string> Paths(string prefix = "")
    {
        foreach (var (name, value) in values.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            var path = prefix + name;
            yield return path;
            var nested = value switch
            {
                TemplateModel model => model.Paths(path + "."),
                List<TemplateModel> { Count: > 0 } list => list[0].Paths(path + "[]."),
                _ => [],
            };
            foreach (var inner in nested)
            {
                yield return inner;
            }
        }
    }
}

/// <summary>Why a template is refused; the settings page shows each with its line.</summary>
public enum TemplateErrorKind
{
    /// <summary>A <c>{{</c> with no <c>}}</c> after it.</summary>
    UnclosedTag,
    /// <summary>Something between <c>{{ }}</c> that is neither a name nor a known block.</summary>
    BadTag,
    /// <summary>A name the event does not offer.</summary>
    UnknownVariable,
    /// <summary>A list or a group printed as if it were text.</summary>
    NotText,
    /// <summary><c>#each</c> over something that is not a list.</summary>
    NotAList,
    /// <summary>A block opened and never closed.</summary>
    UnclosedBlock,
    /// <summary>A closing tag with no block open, or closing another block.</summary>
    UnexpectedClose,
    /// <summary><c>{{else}}</c> outside an <c>#if</c>.</summary>
    MisplacedElse,
}

/// <summary>A template refused: the line (1-based), the kind of error and the name or tag at fault.</summary>
public sealed class TemplateException(int line, TemplateErrorKind kind, string detail)
    : Exception($"Line {line}: {kind} ({detail})")
{
    public int Line { get; } = line;
    public TemplateErrorKind Kind { get; } = kind;
    public string Detail { get; } = detail;
}

/// <summary>How printed values are written: HTML-encoded (the HTML part) or as they are (the text part, the subject).</summary>
public enum TemplateOutput
{
    Html,
    Text,
}

/// <summary>
/// A tiny logic-less template: <c>{{ name }}</c>, <c>{{ customer.name }}</c>, <c>{{#each lines}}…{{/each}}</c>,
/// <c>{{#if x}}…{{else}}…{{/if}}</c>. Parse once, check against an event's sample model, render against a real one.
/// In HTML output every printed value is HTML-encoded; there is no syntax for raw output.
/// </summary>
public sealed partial class MiniTemplate
{
    private readonly List<Node> nodes;

    private MiniTemplate(List<Node> nodes) => this.nodes = nodes;

    /// <summary>Parses the template, or throws a <see cref="TemplateException"/> with the line and the reason.</summary>
    public static MiniTemplate Parse(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var root = new List<Node>();
        // Open blocks, innermost last: the block node, and where its children currently go.
        var open = new Stack<(BlockNode Block, List<Node> Into)>();
        var into = root;
        var position = 0;
        while (position < source.Length)
        {
            var start = source.IndexOf("{{", position, StringComparison.Ordinal);
            if (start < 0)
            {
                into.Add(new TextNode(source[position..]));
                break;
            }
            if (start > position)
            {
                into.Add(new TextNode(source[position..start]));
            }
            var line = LineAt(source, start);
            var end = source.IndexOf("}}", start + 2, StringComparison.Ordinal);
            var nextOpen = source.IndexOf("{{", start + 2, StringComparison.Ordinal);
            if (end < 0 || (nextOpen >= 0 && nextOpen < end))
            {
                throw new TemplateException(line, TemplateErrorKind.UnclosedTag, Excerpt(source, start));
            }
            var tag = source[(start + 2)..end].Trim();
            position = end + 2;
            if (tag.StartsWith("#each ", StringComparison.Ordinal) || tag.StartsWith("#if ", StringComparison.Ordinal))
            {
                var space = tag.IndexOf(' ', StringComparison.Ordinal);
                var path = tag[(space + 1)..].Trim();
                if (!PathPattern().IsMatch(path))
                {
                    throw new TemplateException(line, TemplateErrorKind.BadTag, "{{" + tag + "}}");
                }
                BlockNode block = tag[1] == 'e' ? new EachNode(path, line) : new IfNode(path, line);
                into.Add(block);
                open.Push((block, into));
                into = block.Children;
            }
            else if (tag == "else")
            {
                if (open.Count == 0 || open.Peek().Block is not IfNode { Otherwise: null } ifNode)
                {
                    throw new TemplateException(line, TemplateErrorKind.MisplacedElse, "{{else}}");
                }
                ifNode.Otherwise = [];
                into = ifNode.Otherwise;
            }
            else if (tag is "/each" or "/if")
            {
                var expected = tag == "/each" ? typeof(EachNode) : typeof(IfNode);
                if (open.Count == 0 || open.Peek().Block.GetType() != expected)
                {
                    throw new TemplateException(line, TemplateErrorKind.UnexpectedClose, "{{" + tag + "}}");
                }
                into = open.Pop().Into;
            }
            else if (PathPattern().IsMatch(tag))
            {
                into.Add(new ValueNode(tag, line));
            }
            else
            {
                throw new TemplateException(line, TemplateErrorKind.BadTag, "{{" + tag + "}}");
            }
        }
        if (open.Count > 0)
        {
            var block = open.Peek().Block;
            throw new TemplateException(block.Line, TemplateErrorKind.UnclosedBlock,
                (block is EachNode ? "{{#each " : "{{#if ") + block.Path + "}}");
        }
        return new MiniTemplate(root);
    }

    /// <summary>
    /// Checks every name against a sample model of the event (lists in it have at least one item): an unknown name,
    /// a list printed as text or an <c>#each</c> over text throws with the line. Both branches of an <c>#if</c> are checked.
    /// </summary>
    public void Check(TemplateModel sample) => Walk(nodes, [sample], null, checkOnly: true);

    /// <summary>Writes the template with the model's values; in <see cref="TemplateOutput.Html"/> each value is HTML-encoded.</summary>
    public string Render(TemplateModel model, TemplateOutput output)
    {
        var into = new StringBuilder();
        Walk(nodes, [model], (into, output), checkOnly: false);
        return into.ToString();
    }

    /// <summary>Parses, checks against the sample and renders in one go (the settings page's preview).</summary>
    public static string Preview(string source, TemplateModel sample, TemplateOutput output)
    {
        var template = Parse(source);
        template.Check(sample);
        return template.Render(sample, output);
    }

    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private static void Walk(List<Node> nodes, List<TemplateModel> scopes, (StringBuilder Into, TemplateOutput Output)? write, bool checkOnly)
    {
        foreach (var node in nodes)
        {
            switch (node)
            {
                case TextNode text:
                    write?.Into.Append(text.Text);
                    break;
                case ValueNode value:
                    if (Resolve(value.Path, scopes, value.Line) is not string s)
                    {
                        throw new TemplateException(value.Line, TemplateErrorKind.NotText, value.Path);
                    }
                    write?.Into.Append(write.Value.Output == TemplateOutput.Html ? Encoder.Encode(s) : s);
                    break;
                case EachNode each:
                    if (Resolve(each.Path, scopes, each.Line) is not List<TemplateModel> items)
                    {
                        throw new TemplateException(each.Line, TemplateErrorKind.NotAList, each.Path);
                    }
                    // A check walks the body once, with the sample's first item (or an empty one if it has none).
                    var walked = checkOnly ? items.Take(1).DefaultIfEmpty(new TemplateModel()) : items;
                    foreach (var item in walked)
                    {
                        Walk(each.Children, [.. scopes, item], write, checkOnly);
                    }
                    break;
                case IfNode condition:
                    var truthy = Resolve(condition.Path, scopes, condition.Line) switch
                    {
                        bool b => b,
                        string t => t.Length > 0,
                        List<TemplateModel> list => list.Count > 0,
                        _ => true,
                    };
                    if (checkOnly)
                    {
                        Walk(condition.Children, scopes, null, checkOnly);
                        Walk(condition.Otherwise ?? [], scopes, null, checkOnly);
                    }
                    else
                    {
                        Walk(truthy ? condition.Children : condition.Otherwise ?? [], scopes, write, checkOnly);
                    }
                    break;
            }
        }
    }

    /// <summary>The first name is looked up from the innermost <c>#each</c> item outwards; the rest go down groups.</summary>
    private static object Resolve(string path, List<TemplateModel> scopes, int line)
    {
        var names = path.Split('.');
        object? current = null;
        for (var i = scopes.Count - 1; i >= 0 && current is null; i--)
        {
            if (scopes[i].TryGet(names[0], out var found))
            {
                current = found;
            }
        }
        foreach (var name in names.Skip(1))
        {
            current = current is TemplateModel group && group.TryGet(name, out var found) ? found : null;
        }
        return current ?? throw new TemplateException(line, TemplateErrorKind.UnknownVariable, path);
    }

    private static int LineAt(string source, int index) => source.AsSpan(0, index).Count('\n') + 1;

    /// <summary>The rest of the line from <paramref name="start"/>, at most 20 characters.</summary>
    private static string Excerpt(string source, int start)
    {
        var rest = source.AsSpan(start);
        var lineEnd = rest.IndexOfAny('\r', '\n');
        var excerpt = lineEnd >= 0 ? rest[..lineEnd] : rest;
        return excerpt[..Math.Min(20, excerpt.Length)].ToString().TrimEnd();
    }

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")]
    private static partial Regex PathPattern();

    private abstract record Node;

    private sealed record TextNode(string Text) : Node;

    private sealed record ValueNode(string Path, int Line) : Node;

    private abstract record BlockNode(string Path, int Line) : Node
    {
        public List<Node> Children { get; } = [];
    }

    private sealed record EachNode(string Path, int Line) : BlockNode(Path, Line);

    private sealed record IfNode(string Path, int Line) : BlockNode(Path, Line)
    {
        public List<Node>? Otherwise { get; set; }
    }
}
