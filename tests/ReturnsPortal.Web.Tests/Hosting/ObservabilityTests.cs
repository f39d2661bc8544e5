using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.Notifications;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Web.Hosting;
using ReturnsPortal.Web.Notifications;
using ReturnsPortal.Web.Tests.Infrastructure;
using Serilog.Core;
using Serilog.Events;

namespace ReturnsPortal.Web.Tests.Hosting;

/// <summary>Traces over OTLP, the correlation id in request logs, and the outbox backlog in readiness (ADR 0110).</summary>
public abstract class ObservabilityTests(PortalFactory factory)
{
    [Fact]
    public async Task With_an_otlp_endpoint_a_request_is_exported_as_a_trace()
    {
        using var collector = new FakeCollector();
        using var traced = factory.WithWebHostBuilder(b =>
        {
            b.UseSetting("Otlp:Endpoint", collector.BaseUrl);
            b.UseSetting("Otlp:ExportIntervalSeconds", "1");
        });

        using var response = await traced.CreateClient().GetAsync(new Uri("/returns", UriKind.Relative));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);

        var body = await collector.FirstTraceAsync(TimeSpan.FromSeconds(10));
        body.ShouldNotBeNull("No POST /v1/traces reached the collector within 10 seconds.");
        // Protobuf keeps strings as UTF-8: the service name and the route are readable in the payload.
        var text = System.Text.Encoding.UTF8.GetString(body);
        text.ShouldContain(Observability.ServiceName);
        text.ShouldContain("/returns");
    }

    [Fact]
    public async Task The_request_log_carries_the_correlation_id_sent_in_the_header()
    {
        var logs = new CollectingSink();
        using var logged = factory.WithWebHostBuilder(b =>
        {
            b.UseSetting("Serilog:MinimumLevel:Default", "Information");
            b.ConfigureServices(s => s.AddSingleton<ILogEventSink>(logs));
        });
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/returns", UriKind.Relative));
        request.Headers.Add(CorrelationMiddleware.Header, "proxy-7f3a.42");

        using var response = await logged.CreateClient().SendAsync(request);

        response.Headers.GetValues(CorrelationMiddleware.Header).Single().ShouldBe("proxy-7f3a.42");
        var requestLog = await logs.WaitForAsync(e => e.MessageTemplate.Text.StartsWith("HTTP ", StringComparison.Ordinal));
        requestLog.Properties["CorrelationId"].ToString().ShouldBe("\"proxy-7f3a.42\"");
        requestLog.Properties["RequestId"].ToString().ShouldBe("\"proxy-7f3a.42\"");
    }

    [Fact]
    public async Task A_correlation_id_with_unsafe_characters_is_replaced_by_the_server_id()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/returns", UriKind.Relative));
        request.Headers.TryAddWithoutValidation(CorrelationMiddleware.Header, "<script>x</script>");

        using var response = await factory.CreateClient().SendAsync(request);

        var id = response.Headers.GetValues(CorrelationMiddleware.Header).Single();
        id.ShouldNotBeNullOrWhiteSpace();
        id.ShouldNotContain("<");
    }

    [Fact]
    public async Task Readiness_reports_the_outbox_as_degraded_while_a_message_waits_too_long()
    {
        var client = factory.CreateClient();
        // Anything the demo seed or earlier tests left pending is not what this test is about.
        await factory.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ReturnsDbContext>();
            return await db.Outbox.Where(m => m.ProcessedAt == null).ExecuteUpdateAsync(u => u.SetProperty(m => m.ProcessedAt, DateTime.UtcNow));
        });
        using (var before = await client.GetAsync(new Uri("/health/ready", UriKind.Relative)))
        {
            before.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        var key = $"test:backlog:{Guid.NewGuid():N}";
        await factory.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ReturnsDbContext>();
            db.Outbox.Add(new OutboxMessage { Type = "test.backlog", Payload = "{}", DedupeKey = key, OccurredAt = DateTime.UtcNow.AddMinutes(-16) });
            return await db.SaveChangesAsync();
        });
        try
        {
            using var late = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
            // Still 200: the backlog is shared by every instance, so it must not take them all out of rotation.
            late.StatusCode.ShouldBe(HttpStatusCode.OK);
            var body = await late.Content.ReadAsStringAsync();
            body.ShouldStartWith("Degraded");
            body.ShouldContain(OutboxBacklogHealthCheck.Name);
        }
        finally
        {
            // Other tests of the class share the database: leave readiness as it was.
            await factory.WithScopeAsync(sp => sp.GetRequiredService<ReturnsDbContext>().Outbox.Where(m => m.DedupeKey == key).ExecuteDeleteAsync());
        }

        using var after = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        after.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_recent_pending_message_keeps_readiness_healthy()
    {
        var key = $"test:recent:{Guid.NewGuid():N}";
        await factory.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ReturnsDbContext>();
            await db.Outbox.Where(m => m.ProcessedAt == null).ExecuteUpdateAsync(u => u.SetProperty(m => m.ProcessedAt, DateTime.UtcNow));
            db.Outbox.Add(new OutboxMessage { Type = "test.backlog", Payload = "{}", DedupeKey = key, OccurredAt = DateTime.UtcNow.AddMinutes(-14) });
            return await db.SaveChangesAsync();
        });
        try
        {
            using var response = await factory.CreateClient().GetAsync(new Uri("/health/ready", UriKind.Relative));
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        finally
        {
            await factory.WithScopeAsync(sp => sp.GetRequiredService<ReturnsDbContext>().Outbox.Where(m => m.DedupeKey == key).ExecuteDeleteAsync());
        }
    }

    private sealed class CollectingSink : ILogEventSink
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<LogEvent> events = new();

        public void Emit(LogEvent logEvent) => events.Enqueue(logEvent);

        // The request log is written as the response finishes, possibly just after the client has it.
        public async Task<LogEvent> WaitForAsync(Func<LogEvent, bool> match)
        {
            for (var i = 0; i < 50; i++)
            {
                var found = events.FirstOrDefault(match);
                if (found is not null)
                {
                    return found;
                }
                await Task.Delay(100);
            }
            throw new ShouldAssertException("No matching log event within 5 seconds, among: " + string.Join(" | ", events.Select(e => $"{e.Level} {e.MessageTemplate.Text}")));
        }
    }

    /// <summary>An OTLP/HTTP collector stand-in on a free local port: keeps the body of the first POST /v1/traces.</summary>
    private sealed class FakeCollector : IDisposable
    {
        private readonly HttpListener listener = new();
        private readonly TaskCompletionSource<byte[]> firstTrace = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public FakeCollector()
        {
            BaseUrl = $"http://127.0.0.1:{FreePort()}";
            listener.Prefixes.Add(BaseUrl + "/");
            listener.Start();
            _ = Task.Run(ServeAsync);
        }

        public string BaseUrl { get; }

        public async Task<byte[]?> FirstTraceAsync(TimeSpan within)
        {
            var done = await Task.WhenAny(firstTrace.Task, Task.Delay(within));
            return done == firstTrace.Task ? await firstTrace.Task : null;
        }

        public void Dispose() => listener.Close();

        private async Task ServeAsync()
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }
                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                if (context.Request.HttpMethod == "POST" && context.Request.Url?.AbsolutePath == "/v1/traces"
                    && context.Request.ContentType?.StartsWith("application/x-protobuf", StringComparison.Ordinal) == true)
                {
                    firstTrace.TrySetResult(body.ToArray());
                }
                // An empty body is a valid empty Export*ServiceResponse.
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/x-protobuf";
                context.Response.Close();
            }
        }

        private static int FreePort()
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            return ((IPEndPoint)probe.LocalEndpoint).Port;
        }
    }
}

public sealed class ObservabilityTests_Sqlite(SqlitePortalFactory factory) : ObservabilityTests(factory), IClassFixture<SqlitePortalFactory>;

public sealed class ObservabilityTests_Postgres(PostgresPortalFactory factory) : ObservabilityTests(factory), IClassFixture<PostgresPortalFactory>;

/// <summary>The console format: compact JSON in Production, text elsewhere (ADR 0110).</summary>
public sealed class ConsoleFormatTests
{
    [Fact]
    public void Production_writes_one_compact_json_object_with_the_correlation_id()
    {
        var line = Format(production: true);

        using var json = System.Text.Json.JsonDocument.Parse(line);
        json.RootElement.GetProperty("@mt").GetString().ShouldBe("HTTP {RequestMethod} responded");
        json.RootElement.GetProperty("CorrelationId").GetString().ShouldBe("proxy-1");
        line.TrimEnd().ShouldNotContain("\n");
    }

    [Fact]
    public void Elsewhere_writes_text_for_a_person()
    {
        var line = Format(production: false);

        line.ShouldContain(" INF] proxy-1");
        line.ShouldContain("HTTP GET responded");
    }

    private static string Format(bool production)
    {
        var template = new Serilog.Parsing.MessageTemplateParser().Parse("HTTP {RequestMethod} responded");
        var logEvent = new LogEvent(DateTimeOffset.UtcNow, LogEventLevel.Information, null, template,
        [
            new LogEventProperty("RequestMethod", new ScalarValue("GET")),
            new LogEventProperty("CorrelationId", new ScalarValue("proxy-1")),
            new LogEventProperty("RequestId", new ScalarValue("proxy-1")),
        ]);
        using var output = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        Observability.ConsoleFormat(production).Format(logEvent, output);
        return output.ToString();
    }
}
