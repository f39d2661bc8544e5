using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Web.Notifications;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Hosting;

/// <summary>A bad setting stops the app at start-up with a message naming its key, not on first use.</summary>
public sealed class SettingsValidationTests
{
    [Theory]
    [InlineData("Returns:RefundServiceLevelDays", "-1")]
    [InlineData("Database:Provider", "Oracle")]
    [InlineData("Shop:PublicUrl", "retours.example")]
    [InlineData("Outbox:BatchSize", "0")]
    [InlineData("Notifications:DigestTime", "8h")]
    [InlineData("RateLimits:ApiKey:WindowSeconds", "0")]
    [InlineData("Import:Enabled", "maybe")]
    [InlineData("Analytics:CacheReports", "perhaps")]
    [InlineData("Staff:SessionValidationInterval", "soon")]
    [InlineData("Staff:SessionValidationInterval", "-00:01:00")]
    [InlineData("LabelExpiry:Enabled", "yes please")]
    [InlineData("Webhooks:Enabled", "2")]
    [InlineData("Outbox:Enabled", "maybe")]
    [InlineData("Smtp:Port", "twenty-five")]
    [InlineData("Proxy:KnownProxies:0", "10.0.0.300")]
    [InlineData("Proxy:KnownProxies:0", "10")]
    [InlineData("Proxy:KnownNetworks:0", "10.0.0.0/33")]
    [InlineData("Proxy:KnownNetworks:0", "10.0.0.1/8")]
    [InlineData("Proxy:ForwardLimit", "0")]
    [InlineData("Files:Store", "Cloud")]
    [InlineData("Files:Store", "7")]
    [InlineData("Otlp:Endpoint", "collector:4318")]
    [InlineData("Otlp:Endpoint", "/v1/traces")]
    [InlineData("Otlp:ExportIntervalSeconds", "0")]
    [InlineData("Outbox:ReadyBacklogMinutes", "0")]
    public async Task A_bad_setting_stops_the_start_with_a_message_naming_the_key(string key, string value) =>
        await StartIsRefusedNamingAsync(new BadSettingPortalFactory(key, value), key);

    [Theory]
    [InlineData("Shop:LegalName")]
    [InlineData("Shop:Address")]
    public async Task In_production_the_seller_named_by_the_legal_texts_is_required(string missing) =>
        await StartIsRefusedNamingAsync(new BadSettingPortalFactory(missing, "", "Production"), missing);

    [Fact]
    public async Task In_production_the_portal_starts_once_the_seller_is_named()
    {
        var factory = new ProductionPortalFactory();
        try
        {
            await factory.InitializeAsync();
            factory.Services.GetRequiredService<IOptions<ShopOptions>>().Value.Seller.ShouldBe("Exemple SAS, 1 rue de la Paix, 75002 Paris");
        }
        finally
        {
            await ((IAsyncLifetime)factory).DisposeAsync();
        }
    }

    [Fact]
    public async Task Outside_production_the_seller_falls_back_to_the_shop_name()
    {
        var factory = new BadSettingPortalFactory("Shop:LegalName", "");
        try
        {
            await factory.InitializeAsync();
            factory.Services.GetRequiredService<IOptions<ShopOptions>>().Value.Seller.ShouldStartWith("Maison Lumière");
        }
        finally
        {
            await ((IAsyncLifetime)factory).DisposeAsync();
        }
    }

    private static async Task StartIsRefusedNamingAsync(PortalFactory factory, string key)
    {
        try
        {
            var refusal = await Should.ThrowAsync<Exception>(factory.InitializeAsync());

            var invalid = Chain(refusal).OfType<OptionsValidationException>().FirstOrDefault();
            invalid.ShouldNotBeNull($"Expected an OptionsValidationException, got: {refusal}");
            invalid.Message.ShouldContain(key);
        }
        finally
        {
            await ((IAsyncLifetime)factory).DisposeAsync();
        }
    }

    private static IEnumerable<Exception> Chain(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }

    /// <summary>The portal on SQLite with one setting overridden after the usual test settings, in the given environment.</summary>
    private sealed class BadSettingPortalFactory(string key, string value, string environment = "Development") : PortalFactory
    {
        public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment(environment);
            // Production refuses Demo:Seed=true, which every test factory sets (ADR 0107).
            builder.UseSetting("Demo:Seed", environment == "Production" ? "false" : "true");
            builder.UseSetting(key, value);
        }

        protected override Task<string> CreateDatabaseAsync(string dataPath) =>
            Task.FromResult($"Data Source={Path.Combine(dataPath, "returns.db")}");
    }

    /// <summary>The portal in Production with the seller named as the legal texts need.</summary>
    private sealed class ProductionPortalFactory : PortalFactory
    {
        public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            UseProduction(builder);
        }

        protected override Task<string> CreateDatabaseAsync(string dataPath) =>
            Task.FromResult($"Data Source={Path.Combine(dataPath, "returns.db")}");
    }
}
