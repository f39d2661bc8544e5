using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Api;

/// <summary>
/// /openapi/v1.json describes the API edge as it is (ADR 0099): the API-key scheme on every operation, an operationId,
/// a summary and the problem details it can answer; and Redocly's recommended rules find no error in it.
/// The document does not depend on the database: SQLite only.
/// </summary>
public sealed class OpenApiDocumentTests(SqlitePortalFactory factory) : IClassFixture<SqlitePortalFactory>
{
    private static readonly string[] Methods = ["get", "post", "put", "patch", "delete"];

    [Fact]
    public async Task Every_operation_has_the_api_key_scheme_an_operation_id_a_summary_and_401_403_429_problem_details()
    {
        var document = await DocumentAsync();

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        scheme.GetProperty("type").GetString().ShouldBe("apiKey");
        scheme.GetProperty("in").GetString().ShouldBe("header");
        scheme.GetProperty("name").GetString().ShouldBe("X-Api-Key");
        var operations = Operations(document).ToList();
        operations.Count.ShouldBeGreaterThanOrEqualTo(15);
        foreach (var (path, method, operation) in operations)
        {
            var name = $"{method.ToUpperInvariant()} {path}";
            operation.GetProperty("security")[0].TryGetProperty("ApiKey", out _).ShouldBeTrue(name);
            operation.GetProperty("operationId").GetString().ShouldNotBeNullOrWhiteSpace(name);
            operation.GetProperty("summary").GetString().ShouldNotBeNullOrWhiteSpace(name);
            var responses = operation.GetProperty("responses");
            foreach (var status in new[] { "401", "403", "429" })
            {
                responses.GetProperty(status).GetProperty("content").TryGetProperty("application/problem+json", out _).ShouldBeTrue($"{name} {status}");
            }
        }
        operations.Select(o => o.Operation.GetProperty("operationId").GetString()).ShouldBeUnique();
    }

    [Fact]
    public async Task Every_request_body_has_an_example_and_every_parameter_a_description()
    {
        var document = await DocumentAsync();

        foreach (var (path, method, operation) in Operations(document))
        {
            var name = $"{method.ToUpperInvariant()} {path}";
            if (operation.TryGetProperty("requestBody", out var body))
            {
                body.GetProperty("content").GetProperty("application/json").TryGetProperty("example", out _).ShouldBeTrue(name);
            }
            if (operation.TryGetProperty("parameters", out var parameters))
            {
                foreach (var parameter in parameters.EnumerateArray())
                {
                    parameter.GetProperty("description").GetString().ShouldNotBeNullOrWhiteSpace($"{name} {parameter.GetProperty("name")}");
                }
            }
        }
    }

    [Fact]
    public async Task Redocly_lint_with_the_recommended_rules_reports_no_error()
    {
        var json = await factory.CreateClient().GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        var file = Path.Combine(Path.GetTempPath(), $"returnsportal-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, json);
        try
        {
            // The repository's redocly.yaml (recommended rules) is found from the working directory.
            var (exitCode, output) = await RunAsync("npx", $"--yes @redocly/cli@2.77.0 lint --format=stylish \"{file}\"", RepositoryRoot());
            exitCode.ShouldBe(0, output);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private async Task<JsonElement> DocumentAsync() =>
        await factory.CreateClient().GetFromJsonAsync<JsonElement>(new Uri("/openapi/v1.json", UriKind.Relative));

    private static IEnumerable<(string Path, string Method, JsonElement Operation)> Operations(JsonElement document) =>
        from path in document.GetProperty("paths").EnumerateObject()
        where path.Name.StartsWith("/api/v1/", StringComparison.Ordinal)
        from method in path.Value.EnumerateObject()
        where Methods.Contains(method.Name)
        select (path.Name, method.Name, method.Value);

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ReturnsPortal.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("ReturnsPortal.sln not found above " + AppContext.BaseDirectory);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string fileName, string arguments, string workingDirectory)
    {
        var start = new ProcessStartInfo(fileName, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["NO_COLOR"] = "1";
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException(
                $"'{fileName}' is not installed: this test needs Node.js and npm (scripts/test.sh installs them: apt-get install nodejs npm).", e);
        }
        using (process)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, await stdout + await stderr);
        }
    }
}
