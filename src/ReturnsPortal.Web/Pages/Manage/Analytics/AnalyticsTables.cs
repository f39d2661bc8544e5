using CsvHelper;
using ReturnsPortal.Domain.Analytics;

namespace ReturnsPortal.Web.Pages.Manage.Analytics;

/// <summary>One table of the dashboard exactly as shown: the HTML table and its CSV export are both written from it.</summary>
public sealed record AnalyticsTable(string Id, string Title, IReadOnlyList<string> Headers, IReadOnlyList<AnalyticsRow> Rows);

/// <summary>
/// A row of formatted cells; <paramref name="Link"/> (optional) is where the first cell leads. <paramref name="CsvCells"/>
/// (optional) is the same row for a spreadsheet: numbers without grouping or symbol, the currency with the label (ADR 0094).
/// </summary>
public sealed record AnalyticsRow(IReadOnlyList<string> Cells, string? Link = null, IReadOnlyList<string>? CsvCells = null);

/// <summary>One cell as the page shows it and as the CSV gives it (the same text unless it is a number).</summary>
public readonly record struct AnalyticsCell(string Shown, string Csv)
{
    public static implicit operator AnalyticsCell(string text) => new(text, text);

    public static implicit operator AnalyticsCell(LocalizedString text) => (string)text;
}

/// <summary>Builds the dashboard's tables from a report, formatted in the current culture.</summary>
public static class AnalyticsTables
{
    public static IReadOnlyList<AnalyticsTable> Build(AnalyticsReport report, IStringLocalizer l, Func<string, string> productLink)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(l);
        ArgumentNullException.ThrowIfNull(productLink);
        var culture = CultureInfo.CurrentCulture;
        var language = ShopLanguage.Current;
        var (c, p) = (report.Current, report.Previous);
        // Spreadsheet numbers (ADR 0094): the culture's decimal separator, no grouping, no symbol, an ASCII minus.
        var plain = (NumberFormatInfo)culture.NumberFormat.Clone();
        plain.NegativeSign = "-";
        AnalyticsCell Units(long n) => new(n.ToString("N0", culture), n.ToString(plain));
        AnalyticsCell Amount(Domain.Common.Money m) => new(m.Format(culture), (m.Minor / 100m).ToString("0.00", plain));
        AnalyticsCell MoneyLabel(string label, Domain.Common.Money m) => new(label, $"{label} ({Symbol(m.Currency)})");
        string Rate(double? r) => r is { } v ? v.ToString("P1", culture) : "—";
        // A rate a filter cannot narrow on both sides says so rather than "—" (ADR 0087).
        string ReturnRate(AnalyticsKpis k, double? r) => k.ReturnRatesWithheld ? l["Filters.Withheld"] : Rate(r);
        string Hours(double? h) => h is { } v ? string.Format(culture, l["Analytics.HoursValue"], v.ToString("N1", culture)) : "—";

        var kpis = new AnalyticsTable("kpis", l["Analytics.KpisTableTitle"], [l["Analytics.Indicator"], l["Analytics.ThisPeriod"], l["Analytics.PreviousPeriod"]],
        [
            Row(l["Analytics.UnitsSold"], Units(c.UnitsSold), Units(p.UnitsSold)),
            Row(l["Analytics.UnitsReturned"], Units(c.UnitsReturned), Units(p.UnitsReturned)),
            Row(l["Analytics.ReturnRateUnits"], ReturnRate(c, c.ReturnRateUnits), ReturnRate(p, p.ReturnRateUnits)),
            Row(MoneyLabel(l["Analytics.ValueSold"], c.ValueSold), Amount(c.ValueSold), Amount(p.ValueSold)),
            Row(MoneyLabel(l["Analytics.ValueReturned"], c.ValueReturned), Amount(c.ValueReturned), Amount(p.ValueReturned)),
            Row(l["Analytics.ReturnRateValue"], ReturnRate(c, c.ReturnRateValue), ReturnRate(p, p.ReturnRateValue)),
            Row(l["Analytics.Returns"], Units(c.Returns), Units(p.Returns)),
            Row(l["Analytics.Refunds"], Units(c.Refunds), Units(p.Refunds)),
            Row(l["Analytics.StoreCredits"], Units(c.StoreCredits), Units(p.StoreCredits)),
            Row(l["Analytics.Exchanges"], Units(c.Exchanges), Units(p.Exchanges)),
            Row(l["Analytics.StoreCreditShare"], Rate(c.StoreCreditShare), Rate(p.StoreCreditShare)),
            Row(l["Analytics.Settled"], Units(c.Settled), Units(p.Settled)),
            Row(l["Analytics.ServiceLevelShare"], Rate(c.ServiceLevelShare), Rate(p.ServiceLevelShare)),
            Row(l["Analytics.LegalDeadlineShare"], Rate(c.LegalDeadlineShare), Rate(p.LegalDeadlineShare)),
            Row(l["Analytics.RequestToReceiptMean"], Hours(c.RequestToReceipt.MeanHours), Hours(p.RequestToReceipt.MeanHours)),
            Row(l["Analytics.RequestToReceiptMedian"], Hours(c.RequestToReceipt.MedianHours), Hours(p.RequestToReceipt.MedianHours)),
            Row(l["Analytics.ReceiptToDecisionMean"], Hours(c.ReceiptToDecision.MeanHours), Hours(p.ReceiptToDecision.MeanHours)),
            Row(l["Analytics.ReceiptToDecisionMedian"], Hours(c.ReceiptToDecision.MedianHours), Hours(p.ReceiptToDecision.MedianHours)),
        ]);

        // Cost of returns (ADR 0047): money of the period's returns, beside the previous period.
        var costs = new AnalyticsTable("costs", l["Cost.Title"], [l["Analytics.Indicator"], l["Analytics.ThisPeriod"], l["Analytics.PreviousPeriod"]],
        [
            Row(MoneyLabel(l["Cost.RefundsPaid"], c.Costs.RefundsPaid), Amount(c.Costs.RefundsPaid), Amount(p.Costs.RefundsPaid)),
            Row(MoneyLabel(l["Cost.LabelFeesBorne"], c.Costs.LabelFeesBorne), Amount(c.Costs.LabelFeesBorne), Amount(p.Costs.LabelFeesBorne)),
            Row(MoneyLabel(l["Cost.WriteOffs"], c.Costs.WriteOffs), Amount(c.Costs.WriteOffs), Amount(p.Costs.WriteOffs)),
            Row(MoneyLabel(l["Cost.Total"], c.Costs.Total), Amount(c.Costs.Total), Amount(p.Costs.Total)),
        ]);

        // Disposition mix (ADR 0047): every disposition, by the day lines were decided; no rows when none was decided.
        var decidedUnits = report.Dispositions.Sum(d => d.Units);
        var dispositions = new AnalyticsTable("dispositions", l["Disposition.Title"],
            [l["Disposition.Disposition"], l["Disposition.Lines"], l["Analytics.Units"], l["Analytics.Share"]],
            report.Dispositions.Sum(d => d.Lines) == 0 ? [] : report.Dispositions.Select(d => Row(
                l["Wh.Disposition." + d.Disposition], Units(d.Lines), Units(d.Units), Rate(AnalyticsKpis.Rate(d.Units, decidedUnits)))).ToList());

        var status = new AnalyticsTable("status", l["Analytics.StatusTitle"], [l["Analytics.Status"], l["Analytics.Count"]],
            c.ByStatus.Where(s => s.Count > 0).Select(s => Row(l["Status." + s.Status], Units(s.Count))).ToList());

        var reasons = new AnalyticsTable("reasons", l["Analytics.ReasonsTitle"], [l["Analytics.Reason"], l["Analytics.Units"], l["Analytics.Share"]],
            report.Reasons.Select(r => Row(r.Label(language), Units(r.Units), Rate(r.Share))).ToList());

        var categories = new AnalyticsTable("categories", l["Analytics.CategoriesTitle"],
            [l["Analytics.Category"], l["Analytics.Reason"], l["Analytics.Units"], l["Analytics.Share"]],
            report.ReasonsByCategory.Select(r => Row(r.Category(language), r.Label(language), Units(r.Units), Rate(r.Share))).ToList());

        var problems = new AnalyticsTable("problems", l["Analytics.ProblemsTitle"],
            [l["Analytics.Product"], l["Analytics.ProductName"], l["Analytics.UnitsSold"], l["Analytics.UnitsReturned"],
             l["Analytics.ReturnRate"], l["Analytics.CategoryRate"], l["Analytics.TopReason"]],
            report.ProblemProducts.Select(pp => LinkedRow(productLink(pp.Code),
                pp.Code, pp.Name, Units(pp.UnitsSold), Units(pp.UnitsReturned), Rate(pp.ReturnRate), Rate(pp.CategoryRate),
                $"{pp.TopReason(language)} {pp.TopReasonShare.ToString("P0", culture)}")).ToList());

        var weeks = report.Weekly.Select(w => w.WeekStart).Distinct().Order().ToList();
        var labels = report.TrendReasonCodes.Select(code => report.Reasons.First(r => r.Code == code).Label(language)).ToList();
        var weekly = new AnalyticsTable("weekly", l["Analytics.WeeklyTitle"], [l["Analytics.WeekOf"], .. labels],
            weeks.Select(week => Row(
                [week.ToString("d", culture), .. report.TrendReasonCodes.Select(code =>
                    Units(report.Weekly.First(w => w.WeekStart == week && w.ReasonCode == code).Units))])).ToList());

        return [kpis, costs, dispositions, reasons, weekly, problems, categories, status];
    }

    /// <summary>
    /// The table as CSV for French Excel (ADR 0040), written by CsvHelper (ADR 0097): UTF-8 with a BOM, semicolons, CRLF,
    /// quoted when needed. A text cell that Excel would run as a formula (it starts with = + - @, a tab or a CR) gets a
    /// leading quote; a plain number such as "-12,50" is written as a number and stays one.
    /// </summary>
    public static byte[] ToCsv(AnalyticsTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        using var bytes = new MemoryStream();
        using (var csv = CsvWriter.Create(bytes, Integrations.CsvExport.Options, leaveOpen: true))
        {
            foreach (var cells in table.Rows.Select(r => r.CsvCells ?? r.Cells).Prepend(table.Headers))
            {
                foreach (var cell in cells)
                {
                    if (PlainNumber(cell) is { } number)
                    {
                        csv.WriteField(number.Value, default, number.Format);
                    }
                    else
                    {
                        csv.WriteField(cell);
                    }
                }
                csv.EndRecord();
            }
        }
        return bytes.ToArray();
    }

    private static readonly NumberFormatInfo DecimalComma = new() { NumberDecimalSeparator = ",", NegativeSign = "-" };

    private static readonly NumberFormatInfo DecimalPoint = new() { NumberDecimalSeparator = ".", NegativeSign = "-" };

    /// <summary>
    /// A cell that is only an optional ASCII minus, digits and at most one decimal separator (what the tables write for
    /// spreadsheet numbers, ADR 0094), as a number that formats back to the same text; anything else is text.
    /// </summary>
    private static (decimal Value, NumberFormatInfo Format)? PlainNumber(string cell)
    {
        var format = cell.Contains(',', StringComparison.Ordinal) ? DecimalComma : DecimalPoint;
        return cell.Length > 0 && cell.Length <= 28 && (char.IsAsciiDigit(cell[0]) || (cell[0] == '-' && cell.Length > 1 && char.IsAsciiDigit(cell[1])))
            && char.IsAsciiDigit(cell[^1])
            && decimal.TryParse(cell, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, format, out var value)
            && value.ToString(format) == cell
            ? (value, format)
            : null;
    }

    private static AnalyticsRow Row(params AnalyticsCell[] cells) => LinkedRow(null, cells);

    private static AnalyticsRow LinkedRow(string? link, params AnalyticsCell[] cells) =>
        new([.. cells.Select(c => c.Shown)], link, [.. cells.Select(c => c.Csv)]);

    private static string Symbol(string currency) => currency switch { Domain.Common.Money.Euro => "€", "USD" => "$", "GBP" => "£", _ => currency };
}
