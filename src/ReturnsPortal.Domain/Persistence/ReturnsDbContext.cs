using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using ReturnsPortal.Domain.Catalog;
using ReturnsPortal.Domain.Customers;
using ReturnsPortal.Domain.Integrations;
using ReturnsPortal.Domain.Logistics;
using ReturnsPortal.Domain.Notifications;
using ReturnsPortal.Domain.Orders;
using ReturnsPortal.Domain.Policies;
using ReturnsPortal.Domain.Staff;
using ReturnsPortal.Domain.Withdrawals;

namespace ReturnsPortal.Domain.Persistence;

/// <summary>
/// The one DbContext of ReturnsPortal, used directly by pages and services (no repositories, see
/// docs/decisions/0001). It is abstract: each provider has a sealed subclass with its own migration
/// set (docs/decisions/0002). Until the first release each set is one <c>Initial</c> migration (docs/decisions/0095):
/// after a model change delete the files of both Migrations folders and regenerate BOTH:
/// <code>
/// dotnet ef migrations add Initial --context SqliteReturnsDbContext --project src/ReturnsPortal.Domain --startup-project src/ReturnsPortal.Web --output-dir Persistence/Migrations/Sqlite
/// dotnet ef migrations add Initial --context PostgresReturnsDbContext --project src/ReturnsPortal.Domain --startup-project src/ReturnsPortal.Web --output-dir Persistence/Migrations/Postgres
/// </code>
/// </summary>
public abstract class ReturnsDbContext : IdentityDbContext<StaffUser>, IDataProtectionKeyContext
{
    protected ReturnsDbContext(DbContextOptions options) : base(options) { }

    public DbSet<Category> Categories => Set<Category>();
    public DbSet<Product> Products => Set<Product>();
    public DbSet<ProductVariant> Variants => Set<ProductVariant>();
    public DbSet<Customer> Customers => Set<Customer>();
    /// <summary>The proofs of customers' erasures, by a hash of the e-mail (ADR 0127).</summary>
    public DbSet<CustomerErasure> CustomerErasures => Set<CustomerErasure>();
    public DbSet<Order> Orders => Set<Order>();
    public DbSet<OrderLine> OrderLines => Set<OrderLine>();
    public DbSet<ReturnPolicy> Policies => Set<ReturnPolicy>();
    public DbSet<ReturnReason> Reasons => Set<ReturnReason>();
    public DbSet<Warehouse> Warehouses => Set<Warehouse>();
    public DbSet<DropOffPoint> DropOffPoints => Set<DropOffPoint>();
    public DbSet<ReturnRequest> Returns => Set<ReturnRequest>();
    public DbSet<ReturnLine> ReturnLines => Set<ReturnLine>();
    public DbSet<ReturnStatusChange> ReturnHistory => Set<ReturnStatusChange>();
    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<ReturnDraft> ReturnDrafts => Set<ReturnDraft>();
    public DbSet<Inventory.StockLevel> StockLevels => Set<Inventory.StockLevel>();
    public DbSet<Inventory.StockReservation> StockReservations => Set<Inventory.StockReservation>();
    public DbSet<Withdrawal> Withdrawals => Set<Withdrawal>();
    public DbSet<SentEmail> SentEmails => Set<SentEmail>();
    public DbSet<BackOffice.LineDecision> LineDecisions => Set<BackOffice.LineDecision>();
    public DbSet<BackOffice.Settlement> Settlements => Set<BackOffice.Settlement>();
    public DbSet<BackOffice.UnidentifiedParcel> UnidentifiedParcels => Set<BackOffice.UnidentifiedParcel>();
    public DbSet<WebhookSubscription> WebhookSubscriptions => Set<WebhookSubscription>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();
    public DbSet<WebhookAttempt> WebhookAttempts => Set<WebhookAttempt>();
    public DbSet<ImportJob> ImportJobs => Set<ImportJob>();
    public DbSet<Analytics.SalesDaily> AnalyticsSalesDaily => Set<Analytics.SalesDaily>();
    public DbSet<Analytics.ReturnLinesDaily> AnalyticsReturnLinesDaily => Set<Analytics.ReturnLinesDaily>();
    public DbSet<Analytics.ReturnsDaily> AnalyticsReturnsDaily => Set<Analytics.ReturnsDaily>();
    public DbSet<Analytics.DurationsDaily> AnalyticsDurationsDaily => Set<Analytics.DurationsDaily>();
    public DbSet<Analytics.RollupMark> AnalyticsRollupMarks => Set<Analytics.RollupMark>();
    public DbSet<Analytics.RollupState> AnalyticsRollupState => Set<Analytics.RollupState>();
    public DbSet<Analytics.ProductRollup> AnalyticsProductRollup => Set<Analytics.ProductRollup>();
    public DbSet<Analytics.CategoryRollup> AnalyticsCategoryRollup => Set<Analytics.CategoryRollup>();
    public DbSet<Analytics.DispositionRollup> AnalyticsDispositionRollup => Set<Analytics.DispositionRollup>();
    public DbSet<Analytics.ReasonRollup> AnalyticsReasonRollup => Set<Analytics.ReasonRollup>();
    public DbSet<BackOffice.StoreCreditAccount> StoreCreditAccounts => Set<BackOffice.StoreCreditAccount>();
    public DbSet<BackOffice.StoreCreditEntry> StoreCreditEntries => Set<BackOffice.StoreCreditEntry>();
    public DbSet<NotificationSetting> NotificationSettings => Set<NotificationSetting>();
    public DbSet<EmailTemplate> EmailTemplates => Set<EmailTemplate>();
    public DbSet<Inventory.StockMovement> StockMovements => Set<Inventory.StockMovement>();
    public DbSet<Inventory.ReplacementShipment> ReplacementShipments => Set<Inventory.ReplacementShipment>();
    public DbSet<Analytics.AnalyticsAlert> AnalyticsAlerts => Set<Analytics.AnalyticsAlert>();
    public DbSet<RoutingRule> RoutingRules => Set<RoutingRule>();

    /// <summary>The ASP.NET Core Data Protection key ring, shared by every instance of the app (ADR 0105).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    /// <summary>Scheduled jobs' leases: one instance of a cluster runs each pass (ADR 0109).</summary>
    public DbSet<Operations.JobLease> JobLeases => Set<Operations.JobLease>();
    /// <summary>Files kept in the database when <c>Files:Store=Database</c> (ADR 0109).</summary>
    public DbSet<Operations.StoredFile> StoredFiles => Set<Operations.StoredFile>();
    /// <summary>Fixed-window rate-limit counters, shared by every instance (ADR 0111).</summary>
    public DbSet<Operations.RateLimitCounter> RateLimitCounters => Set<Operations.RateLimitCounter>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(ReturnsDbContext).Assembly);
    }
}

public sealed class SqliteReturnsDbContext(DbContextOptions<SqliteReturnsDbContext> options) : ReturnsDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite stores DateTime as text and reads it back as Unspecified: say it is UTC, and refuse local times.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }
}

public sealed class PostgresReturnsDbContext(DbContextOptions<PostgresReturnsDbContext> options) : ReturnsDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        // The problem products' top reasons read a year of their day rows: from the index alone, not ~4 400 heap pages
        // (15 -> 5 ms at a million returns, docs/performance.md). SQLite has no INCLUDE.
        builder.Entity<Analytics.ReturnLinesDaily>().HasIndex(s => new { s.ProductId, s.Day })
            .IncludeProperties(s => new { s.ReasonId, s.CategoryId, s.Units });
    }
}
