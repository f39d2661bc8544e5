using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ReturnsPortal.Web.Hosting;

/// <summary>The <c>Otlp</c> section: where traces and metrics go (ADR 0110). No endpoint, no telemetry.</summary>
public sealed class OtlpOptions
{
    /// <summary><c>Otlp:Endpoint</c>: the collector's base URL (OTLP over HTTP/protobuf, e.g. <c>http://collector:4318</c>).</summary>
    public string? Endpoint { get; set; }
    /// <summary><c>Otlp:ExportIntervalSeconds</c>: the longest a finished span or a metric waits before it is sent.</summary>
    [Range(1, 3600, ErrorMessage = "Otlp:ExportIntervalSeconds must be between {1} and {2}.")]
    public int ExportIntervalSeconds { get; set; } = 5;
}

/// <summary>OpenTelemetry traces and metrics for ASP.NET Core, HttpClient and Npgsql/EF Core, exported over OTLP (ADR 0110).</summary>
public static class Observability
{
    public const string ServiceName = "ReturnsPortal";

    /// <summary>Production: one compact JSON object a line, for a log collector; elsewhere text for a person.</summary>
    public static Serilog.Formatting.ITextFormatter ConsoleFormat(bool production) => production
        ? new Serilog.Formatting.Compact.CompactJsonFormatter()
        : new Serilog.Formatting.Display.MessageTemplateTextFormatter(
            "[{Timestamp:HH:mm:ss} {Level:u3}] {RequestId} {SourceContext}: {Message:lj}{NewLine}{Exception}", CultureInfo.InvariantCulture);

    /// <summary>
    /// The readiness answer: "Healthy", or the status followed by one line per failing check with its name and our own
    /// description (never an exception's text), so an operator reading the probe knows which one failed.
    /// </summary>
    public static Task WriteHealthAsync(HttpContext context, Microsoft.Extensions.Diagnostics.HealthChecks.HealthReport report)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(report);
        context.Response.ContentType = "text/plain; charset=utf-8";
        var text = new System.Text.StringBuilder(report.Status.ToString());
        foreach (var (name, entry) in report.Entries.Where(e => e.Value.Status != Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy).OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"\n{name}: {entry.Status} - {entry.Description}");
        }
        return context.Response.WriteAsync(text.ToString(), context.RequestAborted);
    }

    public static IServiceCollection AddPortalObservability(this IServiceCollection services, IConfiguration configuration)
    {
        var otlp = services.AddValidatedSettingsNow<OtlpOptions>(configuration, "Otlp");
        if (string.IsNullOrWhiteSpace(otlp.Endpoint))
        {
            return services;
        }
        if (!ValidatedOptions.IsAbsoluteHttpUrl(otlp.Endpoint))
        {
            throw new OptionsValidationException("Otlp", typeof(OtlpOptions),
                [$"Otlp:Endpoint must be an absolute http or https URL (the OTLP collector, e.g. http://collector:4318), not '{otlp.Endpoint}'."]);
        }
        // HTTP/protobuf needs the full signal URL; the setting is the collector's base, as OTEL_EXPORTER_OTLP_ENDPOINT is.
        var root = otlp.Endpoint.TrimEnd('/');
        var interval = (int)TimeSpan.FromSeconds(otlp.ExportIntervalSeconds).TotalMilliseconds;
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(ServiceName))
            .WithTracing(tracing => tracing
                // Probes every few seconds would drown the real requests.
                .AddAspNetCoreInstrumentation(a => a.Filter = http => !http.Request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase))
                .AddHttpClientInstrumentation()
                // Npgsql's spans carry the SQL EF Core sends; SQLite installs get no database spans.
                .AddNpgsql()
                .AddOtlpExporter(o =>
                {
                    o.Protocol = OtlpExportProtocol.HttpProtobuf;
                    o.Endpoint = new Uri(root + "/v1/traces");
                    o.BatchExportProcessorOptions.ScheduledDelayMilliseconds = interval;
                }))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddNpgsqlInstrumentation()
                .AddMeter("Microsoft.EntityFrameworkCore")
                .AddOtlpExporter((o, reader) =>
                {
                    o.Protocol = OtlpExportProtocol.HttpProtobuf;
                    o.Endpoint = new Uri(root + "/v1/metrics");
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = interval;
                }));
        return services;
    }
}
