using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Options;
using ReturnsPortal.Domain.Staff;
using ReturnsPortal.Web.Api;
using ReturnsPortal.Web.Notifications;
using ReturnsPortal.Web.Payments;
using Serilog;

namespace ReturnsPortal.Web.Hosting;

/// <summary>Every service and middleware of the portal, in one place a newcomer can read top-down.</summary>
public static class PortalSetup
{
    public static readonly CultureInfo[] SupportedCultures = [new("fr-FR"), new("en-GB")];

    public static WebApplicationBuilder AddReturnsPortal(this WebApplicationBuilder builder)
    {
        var options = PortalOptions.From(builder.Configuration, builder.Environment);
        Directory.CreateDirectory(options.DataPath);
        var services = builder.Services;
        services.AddSingleton(options);

        var production = builder.Environment.IsProduction();
        services.AddSerilog((sp, log) => log
            .ReadFrom.Configuration(builder.Configuration)
            // Sinks and enrichers registered in DI (tests use this to read log events).
            .ReadFrom.Services(sp)
            .Enrich.FromLogContext()
            // EF logs every failed query or save as an Error with its stack trace; when the database cannot be reached
            // that is every request at once. The request logs one Warning instead, the workers their own line (ADR 0114).
            .Filter.ByExcluding(DatabaseUnavailable.IsEntityFrameworkNoise)
            // Compact JSON in Production, text elsewhere (ADR 0110).
            .WriteTo.Console(Observability.ConsoleFormat(production)),
            // Each host owns its logger: several hosts in one process (tests) must not fight over the static one.
            preserveStaticLogger: true);

        // Traces and metrics over OTLP, only when Otlp:Endpoint is set (ADR 0110).
        services.AddPortalObservability(builder.Configuration);
        services.AddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();
        services.AddScoped<IActorAccessor, HttpActorAccessor>();
        services.AddPayments(builder.Configuration);
        services.AddReturnsDatabase(options.Provider, options.ConnectionString);

        services.AddIdentity<StaffUser, Microsoft.AspNetCore.Identity.IdentityRole>(identity =>
            {
                identity.User.RequireUniqueEmail = true;
                identity.Password.RequiredLength = 12;
                identity.Password.RequireNonAlphanumeric = false;
                identity.Password.RequireUppercase = false;
                identity.Password.RequireLowercase = false;
                identity.Password.RequireDigit = false;
                identity.Lockout.MaxFailedAccessAttempts = 5;
                identity.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                identity.Lockout.AllowedForNewUsers = true;
            })
            .AddEntityFrameworkStores<ReturnsDbContext>()
            .AddDefaultTokenProviders()
            .AddPasswordValidator<CommonPasswordValidator>();
        services.AddStaffSecurity(builder.Configuration);
        // Outside Development the site is HTTPS (at the proxy): every cookie Secure, with a prefixed name (ADR 0108).
        var cookieNames = new CookieNames(secure: !builder.Environment.IsDevelopment());
        services.AddSingleton(cookieNames);
        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.LoginPath = "/account/login";
            cookie.LogoutPath = "/account/logout";
            cookie.AccessDeniedPath = "/account/access-denied";
            cookie.Cookie.Name = cookieNames.For("rp_staff");
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.Cookie.SecurePolicy = cookieNames.Secure ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            cookie.SlidingExpiration = true;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(10);
        });
        if (cookieNames.Secure)
        {
            // Identity's other cookies (two-factor steps, external sign-in) and the antiforgery cookie are site-wide too.
            foreach (var scheme in new[] { IdentityConstants.TwoFactorUserIdScheme, IdentityConstants.TwoFactorRememberMeScheme, IdentityConstants.ExternalScheme })
            {
                services.Configure<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>(scheme, c => c.Cookie.Name = cookieNames.For(c.Cookie.Name ?? scheme));
            }
            services.AddAntiforgery(a =>
            {
                a.Cookie.Name = cookieNames.For("rp_antiforgery");
                a.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            });
            // The policy marks every cookie Secure, whoever writes it (pages, Identity, localization).
            services.Configure<CookiePolicyOptions>(p => p.Secure = CookieSecurePolicy.Always);
            services.AddHsts(h =>
            {
                // One year, the usual value once HTTPS is settled; no includeSubDomains or preload: the shop's other
                // sub-domains are not ours to commit (ADR 0108).
                h.MaxAge = TimeSpan.FromDays(365);
                h.IncludeSubDomains = false;
                h.Preload = false;
            });
        }
        // Forwarded headers from the configured proxies only (ADR 0108); validated now, the pipeline needs it.
        var proxy = services.AddValidatedSettingsNow<ProxyOptions>(builder.Configuration, ProxyOptions.Section);
        services.Configure<ForwardedHeadersOptions>(f =>
        {
            f.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            f.ForwardLimit = proxy.ForwardLimit;
            // The defaults trust loopback: only the settings decide who is a proxy.
            f.KnownProxies.Clear();
            f.KnownIPNetworks.Clear();
            foreach (var address in proxy.Proxies())
            {
                f.KnownProxies.Add(address);
            }
            foreach (var network in proxy.Networks())
            {
                f.KnownIPNetworks.Add(network);
            }
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(AccessPolicies.Staff, p => p.RequireRole(StaffRoles.Warehouse.ToArray()))
            // The finance queue (ADR 0117): Finance pays refunds; managers and admins may too.
            .AddPolicy(AccessPolicies.Finance, p => p.RequireRole(StaffRoles.Finance, StaffRoles.Manager, StaffRoles.Admin))
            .AddPolicy(AccessPolicies.Manage, p => p.RequireRole(StaffRoles.Manager, StaffRoles.Admin))
            .AddPolicy(AccessPolicies.Admin, p => p.RequireRole(StaffRoles.Admin))
            // Customer contact (assisted returns, ADR 0036): agents and above, not inspectors.
            .AddPolicy(AccessPolicies.CustomerService, p => p.RequireRole(StaffRoles.Agent, StaffRoles.Manager, StaffRoles.Admin));
        // The API's own scheme (X-Api-Key) and one policy per scope; Identity's cookie stays the default (ADR 0099).
        services.AddApiKeyAuthentication();

        services.AddLocalization(l => l.ResourcesPath = "Resources");
        services.Configure<RequestLocalizationOptions>(l =>
        {
            l.DefaultRequestCulture = new RequestCulture(SupportedCultures[0]);
            l.SupportedCultures = SupportedCultures;
            l.SupportedUICultures = SupportedCultures;
            // French by default; the visitor's choice is remembered in a cookie (ADR 0004). No Accept-Language.
            l.RequestCultureProviders =
            [
                new QueryStringRequestCultureProvider(),
                new CookieRequestCultureProvider { CookieName = cookieNames.For(CookieRequestCultureProvider.DefaultCookieName) },
            ];
        });

        services.AddRouting(r => r.LowercaseUrls = true);
        services.AddRazorPages(pages =>
            {
                // Authorization by folder: a new staff or manager page cannot be left open by mistake.
                // /Staff/Refunds is the finance queue: Finance may open it and nothing else of /Staff.
                pages.Conventions.AddFolderApplicationModelConvention("/Staff", model => model.EndpointMetadata.Add(new AuthorizeAttribute(
                    model.ViewEnginePath.StartsWith("/Staff/Refunds/", StringComparison.Ordinal) ? AccessPolicies.Finance : AccessPolicies.Staff)));
                pages.Conventions.AuthorizeFolder("/Manage", AccessPolicies.Manage);
                pages.Conventions.AuthorizeFolder("/Manage/Staff", AccessPolicies.Admin);
            })
            // Validation messages come from our localised FluentValidation validators, not from implicit [Required].
            .AddMvcOptions(mvc =>
            {
                mvc.SuppressImplicitRequiredAttributeForNonNullableReferenceTypes = true;
                // A broken form key answers 400, not 500 (ADR 0128).
                MalformedRequests.GuardFormReaders(mvc);
            })
            .AddViewLocalization()
            .AddDataAnnotationsLocalization(d => d.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(SharedResource)));
        services.AddValidatorsFromAssemblyContaining<SharedResource>(ServiceLifetime.Scoped);
        services.AddHealthChecks()
            // A probe never hangs: a server that does not answer within the timeout is Unhealthy (ADR 0114).
            .AddCheck<DatabaseHealthCheck>("database", failureStatus: null, tags: ["ready"], timeout: DatabaseHealthCheck.Timeout)
            .AddCheck<OutboxBacklogHealthCheck>(OutboxBacklogHealthCheck.Name, tags: ["ready"]);
        services.AddScoped<Pages.Returns.CustomerOrderAccess>();
        services.AddScoped<Pages.Returns.Track.ReturnAccess>();
        services.AddSingleton<Pages.Returns.Track.ReturnLinks>();
        services.AddScoped<Labels.ReturnLabelPdf>();
        services.AddScoped<Labels.WithdrawalReceiptPdf>();
        services.AddScoped<Domain.Returns.ReturnEligibility>();
        services.AddPortalRateLimits(builder.Configuration);
        services.AddNotifications(builder.Configuration);
        if (builder.Environment.IsProduction())
        {
            // The withdrawal receipt and e-mails name the seller as the law requires (L221-5): a live shop states who it is.
            services.AddOptions<ShopOptions>()
                .Validate(s => !string.IsNullOrWhiteSpace(s.LegalName), "Shop:LegalName is required in Production (the seller named on withdrawal receipts).")
                .Validate(s => !string.IsNullOrWhiteSpace(s.Address), "Shop:Address is required in Production (the seller's address on withdrawal receipts).");
        }
        // Keys in the database, encrypted by a certificate in Production (ADR 0105); checked after the seller's name.
        services.AddPortalDataProtection(builder.Configuration, builder.Environment);
        services.AddScoped<Domain.Returns.ReturnStarter>();
        services.AddScoped<Domain.Returns.LabelExpiry>();
        if (services.AddValidatedSettingsNow<LabelExpiryOptions>(builder.Configuration, "LabelExpiry").Enabled)
        {
            services.AddHostedService<LabelExpiryWorker>();
        }
        // A customer's GDPR rights and the retention of personal data (ADR 0127).
        services.AddScoped<Domain.Customers.CustomerPrivacy>();
        services.AddScoped<RetentionRules>();
        if (services.AddValidatedSettingsNow<RetentionOptions>(builder.Configuration, "Retention").Enabled)
        {
            services.AddHostedService<RetentionWorker>();
        }
        services.AddScoped<Domain.Analytics.AnalyticsAlertDetector>();
        services.AddScoped<Domain.Analytics.RollupBuilder>();
        services.AddScoped<Domain.Analytics.RollupAnalytics>();
        services.AddScoped<Domain.Analytics.ReasonConcentrations>();
        services.AddScoped<Domain.Analytics.SerialReturners>();
        services.AddScoped<Domain.Logistics.RoutingRuleBook>();
        services.AddScoped<Domain.Logistics.WarehouseRouting>();
        services.AddScoped<Domain.Withdrawals.WithdrawalFollowUps>();
        services.AddValidatedOptions<AnalyticsOptions>(builder.Configuration, AnalyticsOptions.Section);
        services.AddSingleton(sp => new AnalyticsReportCache { Enabled = sp.GetRequiredService<IOptions<AnalyticsOptions>>().Value.CacheReports });
        if (services.AddValidatedSettingsNow<AnalyticsAlertsOptions>(builder.Configuration, "AnalyticsAlerts").Enabled)
        {
            services.AddHostedService<AnalyticsAlertsWorker>();
        }
        services.AddScoped<Domain.Inventory.StockReservations>();
        services.AddScoped<Domain.Inventory.StockLedger>();
        services.AddScoped<Domain.Inventory.StockDispositions>();
        services.AddScoped<Pages.Returns.Start.ReturnWizard>();
        Files.FileStoreSetup.AddFileStore(services, builder.Configuration);
        // The API's JSON: numbers are numbers ("1" is refused) and enums are strings, also in /openapi/v1.json.
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
            json.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase));
        });
        // Every environment throws on an unreadable API argument, so that MalformedRequestMiddleware answers it with
        // localized problem details (Production's default is an empty 400).
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddApiOpenApi();
        Integrations.IntegrationSetup.AddIntegrations(services, builder.Configuration);
        return builder;
    }

    public static WebApplication UseReturnsPortal(this WebApplication app)
    {
        // First: behind a proxy, the client's IP and scheme (rate limits, Secure cookies, HSTS, redirects, logs) come
        // from the proxy's headers. Only when proxies are configured: with no known proxy the middleware would believe
        // any sender (ADR 0108).
        if (app.Services.GetRequiredService<ProxyOptions>().Enabled)
        {
            app.UseForwardedHeaders();
        }
        // Never a stack trace in the browser, in any environment: the error page shows a correlation id instead.
        app.UseMiddleware<CorrelationMiddleware>();
        app.UseExceptionHandler("/error");
        app.UseStatusCodePagesWithReExecute("/status/{0}");
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
            // To https when its port is known (https_port / ASPNETCORE_HTTPS_PORT, or a Kestrel https endpoint);
            // health probes stay on plain HTTP inside the network; the API is not redirected.
            app.UseWhen(
                http => !http.Request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase)
                    // The API is refused over plain HTTP, never redirected (PlainHttpGuard, ASVS 5.0 V4.1.2).
                    && !http.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase),
                https => https.UseHttpsRedirection());
            app.UseCookiePolicy();
        }
        app.UseMiddleware<SecurityHeadersMiddleware>();
        // This host's logger, not the static one (preserveStaticLogger leaves that silent): one line per request, with
        // the correlation id pushed by CorrelationMiddleware (ADR 0110).
        app.UseSerilogRequestLogging(r =>
        {
            r.Logger = app.Services.GetRequiredService<Serilog.ILogger>();
            // A 503 for an unreachable database is expected during an outage and named once already (ADR 0114).
            r.GetLevel = (http, _, ex) =>
                http.Items.ContainsKey(DatabaseUnavailableMiddleware.Marker) ? Serilog.Events.LogEventLevel.Warning
                : ex is not null || http.Response.StatusCode > 499 ? Serilog.Events.LogEventLevel.Error
                : Serilog.Events.LogEventLevel.Information;
            // The GDPR page and API carry a customer's e-mail in their path (ADR 0127): the log line names the route, not the e-mail.
            r.GetMessageTemplateProperties = (http, path, elapsed, status) =>
            [
                new("RequestMethod", new Serilog.Events.ScalarValue(http.Request.Method)),
                new("RequestPath", new Serilog.Events.ScalarValue(Pages.Manage.Customers.CustomerModel.MaskedPath(path))),
                new("StatusCode", new Serilog.Events.ScalarValue(status)),
                new("Elapsed", new Serilog.Events.ScalarValue(elapsed)),
            ];
        });
        // Inside the request log and the status code pages, outside everything that reads the database (authentication,
        // rate limits, pages, API): an unreachable database answers 503, not 500 (ADR 0114).
        app.UseMiddleware<DatabaseUnavailableMiddleware>();
        // Inside the request log (one Warning, no stack trace) and the status code pages: an unreadable request answers
        // its 4xx and the status page or problem details, not the error page (ADR 0128).
        app.UseMiddleware<MalformedRequestMiddleware>();
        app.UseStaticFiles();
        app.UseRequestLocalization();
        if (!app.Environment.IsDevelopment())
        {
            // Still plain HTTP here (no https port, no known proxy saying https): a redirect to Shop:PublicUrl or a
            // short page, never the antiforgery 500; health probes pass (ADR 0112). After localization: the page is
            // in the visitor's language.
            app.UseMiddleware<PlainHttpGuard>();
        }
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        // After authorization: the API-key scheme is not the default, so the key (the per-key limit's partition) is
        // known only once the endpoint's policy authenticated it (ADR 0099).
        app.UseRateLimiter();
        app.UseAntiforgery();

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = Observability.WriteHealthAsync });
        app.MapRazorPages();
        app.MapApiV1();
        app.MapStripeWebhook();
        app.MapOpenApi();
        return app;
    }
}
