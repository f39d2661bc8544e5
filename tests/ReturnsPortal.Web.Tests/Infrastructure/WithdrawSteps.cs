using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace ReturnsPortal.Web.Tests.Infrastructure;

/// <summary>The withdrawal form's steps, shared by the tests of Withdraw/Index and Withdraw/Done.</summary>
internal static class WithdrawSteps
{
    public static Dictionary<string, string> Fields(string number, string email, string name) => new()
    {
        ["Form.OrderNumber"] = number,
        ["Form.Email"] = email,
        ["Form.Name"] = name,
    };

    public static async Task<IHtmlDocument> IdentifyAsync(HttpClient client, string number, string email, string name)
    {
        var page = await client.GetDocumentAsync("/returns/withdraw");
        page.QuerySelector("#withdraw-step").Text().ShouldBe("Étape 1 sur 2");
        using var response = await client.SubmitAsync(page, "#identify-form", Fields(number, email, name));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await response.ReadDocumentAsync();
    }
}
