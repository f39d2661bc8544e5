using System.Text;
using ReturnsPortal.Web.Pages.Manage.Analytics;

namespace ReturnsPortal.Web.Tests.Pages.Manage.Analytics;

/// <summary>The CSV of a dashboard table (ADR 0040, ADR 0097): BOM, semicolons, quotes, and text that Excel would run.</summary>
public sealed class AnalyticsCsvTests
{
    private static string Csv(params string[][] rows)
    {
        var bytes = AnalyticsTables.ToCsv(new AnalyticsTable("t", "T", rows[0], [.. rows.Skip(1).Select(r => new AnalyticsRow(r))]));
        bytes.Take(3).ShouldBe(Encoding.UTF8.GetPreamble());
        return Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
    }

    [Fact]
    public void Text_that_starts_like_a_formula_gets_a_leading_quote_and_negative_amounts_stay_numbers()
    {
        var csv = Csv(
            ["Indicateur", "Montant"],
            ["Remboursements (€)", "-12,50"],
            ["Units", "-3"],
            ["Dot", "-0.75"],
            ["=HYPERLINK(\"http://x\",\"y\")", "=1+2"],
            ["+33 6 12", "@SUM(A1)"],
            ["-2+3+cmd|' /C calc'!A0", "- trop petit"],
            ["\tx", "\rx"],
            ["12,5 %", "—"]);

        // CsvHelper also quotes the cells it escapes; a spreadsheet reads the same text.
        csv.ShouldBe(
            "Indicateur;Montant\r\n" +
            "Remboursements (€);-12,50\r\n" +
            "Units;-3\r\n" +
            "Dot;-0.75\r\n" +
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\";\"'=1+2\"\r\n" +
            "\"'+33 6 12\";\"'@SUM(A1)\"\r\n" +
            "\"'-2+3+cmd|' /C calc'!A0\";\"'- trop petit\"\r\n" +
            "\"'\tx\";\"'\rx\"\r\n" +
            "12,5 %;—\r\n");
    }

    [Fact]
    public void Separators_quotes_and_line_breaks_are_quoted_as_before()
    {
        Csv(["a;b", "say \"hi\"", "two\nlines", "plain, comma"]).ShouldBe("\"a;b\";\"say \"\"hi\"\"\";\"two\nlines\";plain, comma\r\n");
    }
}
