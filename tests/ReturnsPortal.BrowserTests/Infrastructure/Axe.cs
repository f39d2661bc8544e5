using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace ReturnsPortal.BrowserTests.Infrastructure;

/// <summary>The one axe-core check every browser test runs on the pages it reaches.</summary>
public static class Axe
{
    /// <summary>WCAG 2.0/2.1 A and AA rules plus axe's best practices (landmark-unique, heading-order, …).</summary>
    private static readonly AxeRunOptions WcagAaAndBestPractice = new()
    {
        RunOnly = RunOnlyOptions.Tags("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"),
    };

    /// <summary>
    /// One report per violation on the page as it is now: "where: rule [impact] help (help URL)", then for each element
    /// its selector and HTML and the messages of the checks that failed. Each report is also written to
    /// <paramref name="output"/> when given, so a failing run shows what axe found.
    /// </summary>
    public static async Task<IReadOnlyList<string>> ViolationsAsync(IPage page, string where, ITestOutputHelper? output = null)
    {
        ArgumentNullException.ThrowIfNull(page);
        var result = await page.RunAxe(WcagAaAndBestPractice);
        IReadOnlyList<string> reports = [.. result.Violations.Select(v => Report(where, v))];
        foreach (var report in reports)
        {
            output?.WriteLine(report);
        }
        return reports;
    }

    private static string Report(string where, AxeResultItem violation)
    {
        var report = new StringBuilder();
        report.AppendLine($"{where}: {violation.Id} [{violation.Impact}] {violation.Help} ({violation.HelpUrl})");
        foreach (var node in violation.Nodes)
        {
            var checks = node.Any.Concat(node.All).Concat(node.None).Select(c => c.Message);
            report.AppendLine($"    {node.Target} {node.Html}");
            report.AppendLine($"      {string.Join(" | ", checks)}");
        }
        return report.ToString();
    }
}

/// <summary>
/// The axe reports of every page a test checks, so one run reports all of them before the test fails;
/// <see cref="ToString"/> is all of them, empty when there is none.
/// </summary>
/// <param name="output">Where each report is written as it is found.</param>
public sealed class AxeFindings(ITestOutputHelper output)
{
    private readonly StringBuilder reports = new();

    public async Task CheckAsync(IPage page, string where)
    {
        foreach (var report in await Axe.ViolationsAsync(page, where, output))
        {
            reports.Append(report);
        }
    }

    public override string ToString() => reports.ToString();
}
