using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ReturnsPortal.Web.Pages;

/// <summary>A friendly page for 404 and other error status codes (re-executed by the status code middleware).</summary>
[IgnoreAntiforgeryToken]
public sealed class StatusCodeModel : PageModel
{
    public int Code { get; private set; }
    public bool IsNotFound => Code == StatusCodes.Status404NotFound;

    public void OnGet(int code) => Code = code;

    public void OnPost(int code) => Code = code;
}
