using Microsoft.AspNetCore.Hosting;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Testing;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Payments;

/// <summary>The portal with <c>Payments:Provider=Stripe</c>, its API base on a <see cref="LocalStripe"/>; tests drive the worker.</summary>
public abstract class StripePortalFactory : PortalFactory
{
    public const string WebhookSecret = "whsec_local_test_secret";

    public LocalStripe Stripe { get; } = LocalStripe.StartAsync().GetAwaiter().GetResult();

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
    }

    protected override async Task DisposeFactoryAsync()
    {
        await base.DisposeFactoryAsync();
        await Stripe.DisposeAsync();
    }
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
