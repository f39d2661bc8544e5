using ReturnsPortal.Web.Notifications.Templates;

namespace ReturnsPortal.Web.Tests.Notifications;

public sealed class MiniTemplateTests
{
    private static TemplateModel Sample() => new TemplateModel()
        .Set("rma", "R-123")
        .Set("customer", new TemplateModel().Set("name", "Camille <script>alert(1)</script>"))
        .Set("hasLines", true)
        .Set("empty", "")
        .Set("lines", [new TemplateModel().Set("product", "Pull & \"laine\"").Set("amount", "12,00 €"), new TemplateModel().Set("product", "Robe").Set("amount", "5,00 €")]);

    [Fact]
    public void Values_are_html_encoded_in_html_and_left_as_they_are_in_text()
    {
        const string source = "<p>{{ customer.name }} — {{rma}}</p>{{#each lines}}<li>{{ product }}: {{ amount }} ({{ rma }})</li>{{/each}}";

        var html = MiniTemplate.Preview(source, Sample(), TemplateOutput.Html);
        var text = MiniTemplate.Preview(source, Sample(), TemplateOutput.Text);

        html.ShouldBe("<p>Camille &lt;script&gt;alert(1)&lt;/script&gt; — R-123</p><li>Pull &amp; &quot;laine&quot;: 12,00 € (R-123)</li><li>Robe: 5,00 € (R-123)</li>");
        text.ShouldContain("Camille <script>alert(1)</script>");
        text.ShouldContain("Pull & \"laine\"");
    }

    [Theory]
    [InlineData("{{#if hasLines}}yes{{else}}no{{/if}}", "yes")]
    [InlineData("{{#if empty}}yes{{else}}no{{/if}}", "no")]
    [InlineData("{{#if lines}}some{{/if}}", "some")]
    [InlineData("{{#if customer.name}}{{customer.name}}{{/if}}", "Camille &lt;script&gt;alert(1)&lt;/script&gt;")]
    public void If_tests_flags_text_and_lists(string source, string expected) =>
        MiniTemplate.Preview(source, Sample(), TemplateOutput.Html).ShouldBe(expected);

    [Theory]
    [InlineData("Hello\n{{ rma }}\n{{ customer.nom }}", 3, TemplateErrorKind.UnknownVariable, "customer.nom")]
    [InlineData("a\nb\n{{#each lines}}{{ product }}", 3, TemplateErrorKind.UnclosedBlock, "{{#each lines}}")]
    [InlineData("{{#if hasLines}}\n{{/each}}", 2, TemplateErrorKind.UnexpectedClose, "{{/each}}")]
    [InlineData("x\n\n\n{{ rma", 4, TemplateErrorKind.UnclosedTag, "{{ rma")]
    [InlineData("{{ rma }\n{{ rma }}", 1, TemplateErrorKind.UnclosedTag, "{{ rma }")]
    [InlineData("{{ rma | upper }}", 1, TemplateErrorKind.BadTag, "{{rma | upper}}")]
    [InlineData("{{ System.IO.File.Delete(\"x\") }}", 1, TemplateErrorKind.BadTag, "{{System.IO.File.Delete(\"x\")}}")]
    [InlineData("{{{ rma }}}", 1, TemplateErrorKind.BadTag, "{{{ rma}}")]
    [InlineData("{{ lines }}", 1, TemplateErrorKind.NotText, "lines")]
    [InlineData("{{#each rma}}x{{/each}}", 1, TemplateErrorKind.NotAList, "rma")]
    [InlineData("{{else}}", 1, TemplateErrorKind.MisplacedElse, "{{else}}")]
    [InlineData("{{#if rma}}\n{{else}}\n{{ nope }}{{/if}}", 3, TemplateErrorKind.UnknownVariable, "nope")]
    [InlineData("{{#each lines}}\n{{ product.name }}{{/each}}", 2, TemplateErrorKind.UnknownVariable, "product.name")]
    public void An_invalid_template_is_refused_with_its_line_and_reason(string source, int line, TemplateErrorKind kind, string detail)
    {
        var error = Should.Throw<TemplateException>(() => MiniTemplate.Preview(source, Sample(), TemplateOutput.Html));

        error.Line.ShouldBe(line);
        error.Kind.ShouldBe(kind);
        error.Detail.ShouldBe(detail);
    }

    [Fact]
    public void Nothing_in_a_template_is_evaluated_or_reflected()
    {
        // A model value that looks like a template is printed, never parsed again; member access on text finds nothing.
        var model = new TemplateModel().Set("comment", "{{ rma }} @(1+1) <%= 1 %>").Set("rma", "R-1");
        MiniTemplate.Preview("{{ comment }}", model, TemplateOutput.Text).ShouldBe("{{ rma }} @(1+1) <%= 1 %>");
        Should.Throw<TemplateException>(() => MiniTemplate.Preview("{{ rma.Length }}", model, TemplateOutput.Text))
            .Kind.ShouldBe(TemplateErrorKind.UnknownVariable);
        Should.Throw<TemplateException>(() => MiniTemplate.Preview("{{ GetType }}", model, TemplateOutput.Text))
            .Kind.ShouldBe(TemplateErrorKind.UnknownVariable);
    }

    [Fact]
    public void Check_walks_both_branches_and_empty_lists_render_nothing()
    {
        var template = MiniTemplate.Parse("{{#each lines}}[{{ product }}]{{/each}}{{#if empty}}{{ rma }}{{else}}-{{/if}}");
        template.Check(Sample());
        template.Render(new TemplateModel().Set("lines", []).Set("empty", "").Set("rma", "x"), TemplateOutput.Text).ShouldBe("-");
        Sample().Paths().ShouldContain("lines[].product");
        Sample().Paths().ShouldContain("customer.name");
    }
}

public sealed class DefaultTemplateTests
{
    public static TheoryData<string, string> Events()
    {
        var data = new TheoryData<string, string>();
        foreach (var e in ReturnsPortal.Web.Notifications.NotificationEvents.All)
        {
            foreach (var language in ReturnsPortal.Web.Notifications.NotificationEvents.Languages)
            {
                data.Add(e.Key, language);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Events))]
    public void Every_built_in_template_passes_the_check_against_its_events_sample(string eventKey, string language)
    {
        var source = DefaultTemplates.For(eventKey, language);
        var sample = ReturnsPortal.Web.Notifications.EmailModels.Sample(eventKey, language, EmailWordsTests.Words);

        foreach (var part in new[] { source.Subject, source.Html, source.Text })
        {
            part.ShouldNotBeNullOrWhiteSpace();
            MiniTemplate.Parse(part).Check(sample);
        }
    }
}
