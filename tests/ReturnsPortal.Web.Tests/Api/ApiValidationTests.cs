using ReturnsPortal.Web.Api;

namespace ReturnsPortal.Web.Tests.Api;

/// <summary>Validation problems name the fields as the client wrote them in its JSON.</summary>
public sealed class ApiValidationTests
{
    [Theory]
    [InlineData("Amount", "amount")]
    [InlineData("TrackingNumber", "trackingNumber")]
    [InlineData("Lines[0].ReasonCode", "lines[0].reasonCode")]
    [InlineData("Pickup.Postcode", "pickup.postcode")]
    public void A_validator_property_becomes_the_json_field(string property, string field) =>
        ApiValidation.JsonPath(property).ShouldBe(field);
}
