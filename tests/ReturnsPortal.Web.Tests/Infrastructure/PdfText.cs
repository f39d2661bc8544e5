using System.Diagnostics;

namespace ReturnsPortal.Web.Tests.Infrastructure;

/// <summary>The text of a PDF as poppler's pdftotext reads it (the same package as pdftoppm, see <see cref="PdfCodes"/>).</summary>
public static class PdfText
{
    public static async Task<string> ReadAsync(byte[] pdf)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        const string tool = "/usr/bin/pdftotext";
        if (!File.Exists(tool))
        {
            throw new InvalidOperationException($"{tool} is needed to read a PDF's text: apt-get install poppler-utils, or run scripts/test.sh which installs it.");
        }
        var folder = Directory.CreateTempSubdirectory("rp-pdftext-").FullName;
        try
        {
            var path = Path.Combine(folder, "document.pdf");
            await File.WriteAllBytesAsync(path, pdf);
            var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { "-enc", "UTF-8", path, "-" })
            {
                start.ArgumentList.Add(argument);
            }
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start.");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            process.ExitCode.ShouldBe(0, await stderr);
            return await stdout;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
