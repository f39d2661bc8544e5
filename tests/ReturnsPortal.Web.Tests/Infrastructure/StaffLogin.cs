using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using ReturnsPortal.Domain.Staff;

namespace ReturnsPortal.Web.Tests.Infrastructure;

/// <summary>Staff sign-in over the real login form, and throwaway accounts for tests that lock or disable one.</summary>
public static class StaffLogin
{
    public const string DemoPassword = "Demo!2026returns";

    public static async Task<HttpResponseMessage> PostLoginAsync(this HttpClient client, string email, string password)
    {
        var login = await client.GetDocumentAsync("/account/login");
        return await client.SubmitAsync(login, "main form", new Dictionary<string, string>
        {
            ["Form.Email"] = email,
            ["Form.Password"] = password,
        });
    }

    public static async Task<HttpClient> SignedInAsync(this PortalFactory factory, string email, string password = DemoPassword)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var client = factory.CreateBrowserLikeClient();
        using var response = await client.PostLoginAsync(email, password);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, $"{email} could not sign in");
        return client;
    }

    /// <summary>A fresh account of its own, so that locking or disabling it cannot disturb other tests.</summary>
    public static async Task<(string Id, string Email, string Password)> CreateStaffAsync(this PortalFactory factory, string role)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var email = $"t{Guid.NewGuid():N}"[..12] + "@example.fr";
        const string password = "Quiet-harbour-lantern-42";
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        var user = new StaffUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Test " + role };
        (await users.CreateAsync(user, password)).Succeeded.ShouldBeTrue();
        (await users.AddToRoleAsync(user, role)).Succeeded.ShouldBeTrue();
        return (user.Id, email, password);
    }

    public static async Task<StaffUser> FindStaffAsync(this PortalFactory factory, string email)
    {
        ArgumentNullException.ThrowIfNull(factory);
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        return (await users.FindByEmailAsync(email)).ShouldNotBeNull();
    }
}
