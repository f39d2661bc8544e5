using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Testing;
using ReturnsPortal.Web.Tests.Infrastructure;
using Serilog.Core;
using Serilog.Events;

namespace ReturnsPortal.Web.Tests.Payments;

/// <summary>The portal with <c>Payments:Provider=Stripe</c>, its API base on a <see cref="LocalStripe"/>; tests drive the worker.</summary>
public abstract class StripePortalFactory : PortalFactory
{
    public const string WebhookSecret = "whsec_local_test_secret";

    public LocalStripe Stripe { get; } = LocalStripe.StartAsync().GetAwaiter().GetResult();

    /// <summary>The app's log events (Warning and above, the tests' level).</summary>
    public LogSink Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Payments:Provider", "Stripe");
        builder.UseSetting("Payments:Stripe:SecretKey", "rk_test_local");
        builder.UseSetting("Payments:Stripe:WebhookSecret", WebhookSecret);
        builder.UseSetting("Payments:Stripe:ApiBase", Stripe.Url);
        // Short, so the slow answer is a timeout at once.
        builder.UseSetting("Payments:Stripe:Timeout", "00:00:01");
        builder.UseSetting("Payments:Stripe:WorkerEnabled", "false");
        builder.ConfigureServices(s => s.AddSingleton<ILogEventSink>(Logs));
    }

    protected override async Task DisposeFactoryAsync()
    {
        await base.DisposeFactoryAsync();
        await Stripe.DisposeAsync();
    }
}

public sealed class LogSink : ILogEventSink
{
    private readonly ConcurrentQueue<LogEvent> events = new();

    public IReadOnlyList<LogEvent> Events => [.. events];

    public void Emit(LogEvent logEvent) => events.Enqueue(logEvent);
}

public sealed class SqliteStripePortalFactory : StripePortalFactory
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override Task<string> CreateDatabaseAsync(string dataPath) =>
        Task.FromResult($"Data Source={Path.Combine(dataPath, "returns.db")}");
}

public sealed class PostgresStripePortalFactory : StripePortalFactory
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    protected override async Task<string> CreateDatabaseAsync(string dataPath)
    {
        var cluster = await PostgresCluster.GetAsync();
        return await cluster.CreateDatabaseAsync("stripe");
    }
}
