using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace ReturnsPortal.BrowserTests.Infrastructure;

/// <summary>The test classes that share one running app and one Chromium.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserTestGroup : ICollectionFixture<BrowserPortal>
{
    public const string Name = "browser";
}

/// <summary>
/// The real app on Kestrel (a free port, a fresh SQLite database seeded with the demo shop) and one headless Chromium
/// driven by Playwright. Every test gets its own browser context, so cookies never leak between tests.
/// </summary>
public sealed class BrowserPortal : IAsyncLifetime, IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
    ];

    private string? dataPath;
    private KestrelPortalFactory? app;
    private IPlaywright? playwright;
    private IBrowser? browser;
    private Uri? baseUrl;

    /// <summary>Where the app listens, e.g. http://127.0.0.1:41234/.</summary>
    public Uri BaseUrl => baseUrl ?? throw new InvalidOperationException("The portal is not started.");

    /// <summary>The app's services, e.g. to read the seeded data a journey starts from.</summary>
    public IServiceProvider Services => app?.Services ?? throw new InvalidOperationException("The portal is not started.");

    /// <summary>Screenshots are kept next to the test assembly so CI can publish them.</summary>
    public static string ScreenshotDirectory => Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"Chromium is needed for browser tests: apt-get install chromium, or run scripts/test.sh which installs it (looked for {ChromiumPath}).");
        }

        dataPath = Directory.CreateTempSubdirectory("rp-browser-").FullName;
        app = new KestrelPortalFactory(dataPath);
        app.UseKestrel(0);
        // Starts Kestrel and runs the app's start-up: migrations and demo seed.
        app.StartServer();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("Kestrel reported no address.");
        baseUrl = new Uri(address.EndsWith('/') ? address : address + "/");

        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    /// <summary>A fresh, French-speaking browser (own cookies and storage) with one open tab.</summary>
    public async Task<BrowserSession> NewSessionAsync()
    {
        var context = await (browser ?? throw new InvalidOperationException("The browser is not started.")).NewContextAsync(
            new BrowserNewContextOptions
            {
                BaseURL = BaseUrl.ToString(),
                Locale = "fr-FR",
                ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            });
        context.SetDefaultTimeout(10_000);
        var page = await context.NewPageAsync();
        return new BrowserSession(context, page);
    }

    /// <summary>Saves a full-page PNG under <see cref="ScreenshotDirectory"/> and prints where it is.</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name, ITestOutputHelper output)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(output);
        Directory.CreateDirectory(ScreenshotDirectory);
        var path = Path.Combine(ScreenshotDirectory, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        output.WriteLine($"Screenshot: {path}");
        return path;
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    /// <summary>Closes the browser, stops the app and deletes its data; safe to call twice.</summary>
    public async ValueTask DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.CloseAsync();
            browser = null;
        }
        playwright?.Dispose();
        playwright = null;
        if (app is not null)
        {
            await app.DisposeAsync();
            app = null;
        }
        SqliteConnection.ClearAllPools();
        try
        {
            if (dataPath is not null && Directory.Exists(dataPath))
            {
                Directory.Delete(dataPath, recursive: true);
            }
        }
        catch (IOException)
        {
            // A file still held open; the temp folder is cleaned by the OS later.
        }
    }

    private sealed class KestrelPortalFactory(string dataPath) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("Database:Provider", "Sqlite");
            builder.UseSetting("ConnectionStrings:Returns", $"Data Source={Path.Combine(dataPath, "returns.db")}");
            builder.UseSetting("Storage:DataPath", dataPath);
            builder.UseSetting("Demo:Seed", "true");
            // Label expiry runs only when a test calls it (LabelExpiry.ExpireLapsedAsync): seeded returns must stay as seeded.
            builder.UseSetting("LabelExpiry:Enabled", "false");
            builder.UseSetting("AnalyticsAlerts:Enabled", "false");
            builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
            // Every test logs in from the same address: the look-up rate limit has its own tests with a low limit.
            builder.UseSetting("RateLimits:FindOrder:PermitLimit", "100000");
        }
    }
}

/// <summary>One isolated browser context and its tab; records script errors so tests can assert there are none.</summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private readonly IBrowserContext context;
    private readonly List<string> scriptErrors = [];
    private readonly Lock gate = new();

    internal BrowserSession(IBrowserContext context, IPage page)
    {
        this.context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            // A failed load is recorded below with its address; the console's copy has none.
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                Record(message.Text);
            }
        };
        page.RequestFailed += (_, request) => Record($"{request.Failure} {request.Method} {request.Url}");
        page.PageError += (_, error) => Record(error);
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                Record($"HTTP {response.Status} {response.Request.Method} {response.Url}");
            }
        };
    }

    public IPage Page { get; }

    /// <summary>
    /// Console errors, uncaught exceptions (including Content-Security-Policy refusals) and HTTP error responses.
    /// </summary>
    public IReadOnlyList<string> ScriptErrors
    {
        get
        {
            lock (gate)
            {
                return [.. scriptErrors];
            }
        }
    }

    public ValueTask DisposeAsync() => context.DisposeAsync();

    private void Record(string error)
    {
        lock (gate)
        {
            scriptErrors.Add(error);
        }
    }
}
