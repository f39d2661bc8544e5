using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Options;
using ReturnsPortal.Domain.Persistence;
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
    public async Task A_bad_setting_stops_the_start_with_a_message_naming_the_key(string key, string value)
    {
        var factory = new BadSettingPortalFactory(key, value);
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

    /// <summary>The portal on SQLite with one setting overridden after the usual test settings.</summary>
    private sealed class BadSettingPortalFactory(string key, string value) : PortalFactory
    {
        public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting(key, value);
        }

        protected override Task<string> CreateDatabaseAsync(string dataPath) =>
            Task.FromResult($"Data Source={Path.Combine(dataPath, "returns.db")}");
    }
}
