using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.Analytics;
using ReturnsPortal.Domain.Logistics;
using ReturnsPortal.Domain.Returns;
using ReturnsPortal.Domain.Withdrawals;
using ReturnsPortal.Web.Tests.Infrastructure;

namespace ReturnsPortal.Web.Tests.Hosting;

/// <summary>The domain services that use others get them from DI (ADR 0100): each resolves from a request scope.</summary>
public sealed class DomainServicesTests(SqlitePortalFactory factory) : IClassFixture<SqlitePortalFactory>
{
    [Theory]
    [InlineData(typeof(ReturnStarter))]
    [InlineData(typeof(WarehouseRouting))]
    [InlineData(typeof(WithdrawalFollowUps))]
    [InlineData(typeof(AnalyticsAlertDetector))]
    [InlineData(typeof(ReasonConcentrations))]
    [InlineData(typeof(RollupBuilder))]
    [InlineData(typeof(RollupAnalytics))]
    public void A_domain_service_and_those_it_uses_come_from_DI(Type service)
    {
        using var scope = factory.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService(service).ShouldNotBeNull();
    }
}
