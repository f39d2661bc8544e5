using System.Diagnostics;

namespace ReturnsPortal.Web.Tests.Infrastructure;

/// <summary>Renders a PDF to PNG with poppler's pdftoppm and reads every barcode and QR code on it with zbarimg.</summary>
public static class PdfCodes
{
    public static async Task<IReadOnlyList<string>> DecodeAsync(byte[] pdf)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        foreach (var tool in new[] { "/usr/bin/pdftoppm", "/usr/bin/zbarimg" })
        {
            if (!File.Exists(tool))
            {
                throw new InvalidOperationException(
                    $"{tool} is needed to read the label's codes: apt-get install poppler-utils zbar-tools, or run scripts/test.sh which installs them.");
            }
        }
        var folder = Directory.CreateTempSubdirectory("rp-label-").FullName;
        try
        {
            var pdfPath = Path.Combine(folder, "label.pdf");
            await File.WriteAllBytesAsync(pdfPath, pdf);
            await RunAsync("/usr/bin/pdftoppm", "-png", "-r", "150", pdfPath, Path.Combine(folder, "page"));
            var pngs = Directory.GetFiles(folder, "page*.png");
            pngs.ShouldNotBeEmpty("pdftoppm rendered no page");
            // zbarimg exits 4 when it finds nothing: that is an answer (no codes), not a failure of the tool.
            var output = await RunAsync("/usr/bin/zbarimg", ["--quiet", .. pngs], allowedExitCodes: [0, 4]);
            return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static Task<string> RunAsync(string file, params string[] arguments) => RunAsync(file, arguments, [0]);

    private static async Task<string> RunAsync(string file, string[] arguments, int[] allowedExitCodes)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (!allowedExitCodes.Contains(process.ExitCode))
        {
            throw new InvalidOperationException($"{file} exited with {process.ExitCode}: {await stderr}");
        }
        return await stdout;
    }
}
