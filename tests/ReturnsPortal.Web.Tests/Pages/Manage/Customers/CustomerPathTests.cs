using ReturnsPortal.Web.Pages.Manage.Customers;

namespace ReturnsPortal.Web.Tests.Pages.Manage.Customers;

/// <summary>The request log names the customers' routes, never the e-mail in their path (ADR 0127).</summary>
public sealed class CustomerPathTests
{
    [Theory]
    [InlineData("/manage/customers/lea%40example.fr", "/manage/customers/{email}")]
    [InlineData("/api/v1/customers/lea@example.fr/export", "/api/v1/customers/{email}/export")]
    [InlineData("/API/V1/customers/lea@example.fr/erasure", "/api/v1/customers/{email}/erasure")]
    [InlineData("/manage/customers", "/manage/customers")]
    [InlineData("/returns/track", "/returns/track")]
    public void A_logged_path_holds_no_customer_email(string path, string logged) =>
        CustomerModel.MaskedPath(path).ShouldBe(logged);
}
