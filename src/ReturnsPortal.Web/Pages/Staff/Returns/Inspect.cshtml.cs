using Microsoft.Extensions.Options;
using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Web.Files;

namespace ReturnsPortal.Web.Pages.Staff.Returns;

/// <summary>Inspection, one received line at a time: grade, the policy's checklist, serial number, notes.</summary>
public sealed class InspectModel(
    ReturnsDbContext db, TimeProvider clock, IActorAccessor actor, IOptions<QueueOptions> options, IStringLocalizer<SharedResource> l,
    IFileStore files)
    : PageModel
{
    [BindProperty] public Input Form { get; set; } = new();
    public ReturnView View { get; private set; } = null!;
    public ReturnView.Line? Current { get; private set; }

    /// <summary>The inspection's file input: photos of the line, checked by their bytes (<see cref="PhotoUploads"/>).</summary>
    public const string PhotoField = "InspectionPhotos";

    /// <summary>True when the form is shown again after a refusal: it keeps what the inspector answered.</summary>
    public bool Posted { get; private set; }

    public async Task<IActionResult> OnGetAsync(string rma, int? line, CancellationToken ct)
    {
        var view = await ReturnView.LoadAsync(db, rma, options.Value.RefundServiceLevelDays,
            ShopLanguage.CurrentIsFrench, ct);
        if (view is null)
        {
            return NotFound();
        }
        View = view;
        var received = view.Lines.Where(x => x.IsReceived).ToList();
        Current = received.FirstOrDefault(x => x.Id == line) ?? received.FirstOrDefault(x => x.Grade is null) ?? received.FirstOrDefault();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string rma, CancellationToken ct)
    {
        Posted = true;
        var posted = Request.HasFormContentType ? Request.Form.Files.GetFiles(PhotoField) : [];
        var (photos, photoError) = await PhotoUploads.CheckAsync(posted, InspectionPhoto.MaxPerLine, ct);
        if (photoError is not null)
        {
            ModelState.AddModelError(PhotoField, l[PhotoUploads.MessageKey(photoError, "Wh.Inspect.PhotosTooMany")]);
        }
        if (Form.Grade is null)
        {
            ModelState.AddModelError("Form.Grade", l["Wh.Inspect.GradeRequired"]);
        }
        if (Form.Serial is null)
        {
            ModelState.AddModelError("Form.Serial", l["Wh.Inspect.SerialRequired"]);
        }
        if (Form.Notes?.Length > ReturnLine.NotesLength)
        {
            ModelState.AddModelError("Form.Notes", l["Wh.Parcel.TooLong"]);
        }
        if (!ModelState.IsValid)
        {
            return await OnGetAsync(rma, Form.LineId, ct);
        }
        var result = await ReturnView.ActAsync(db, rma, Form.Version, ModelState, l, async request =>
        {
            // Each required condition of the return's version is answered yes or no (ADR 0086): the message names it,
            // and the form comes back with everything else the inspector answered.
            var language = ShopLanguage.CurrentIsFrench ? ShopLanguage.French : ShopLanguage.English;
            var unanswered = request.Policy!.EnabledChecklist()
                .Where(c => c.IsRequired && !Form.Required.ContainsKey(c.Code) && !Form.Checklist.Contains(c.Code)).ToList();
            if (unanswered.Count > 0)
            {
                unanswered.ForEach(c => ModelState.AddModelError($"Form.Required[{c.Code}]", l["Checklist.Inspect.Unanswered", c.Label(language)]));
                return;
            }
            var line = request.Lines.SingleOrDefault(x => x.Id == Form.LineId);
            if (line is not null && line.InspectionPhotos.Count + photos.Count > InspectionPhoto.MaxPerLine)
            {
                ModelState.AddModelError(PhotoField, l["Wh.Inspect.PhotosTooMany"]);
                return;
            }
            var stored = await PhotoUploads.SaveAsync(files, "inspections", photos,
                (key, photo) => new InspectionPhoto(key, photo.ContentType, Path.GetFileName(photo.File.FileName), photo.File.Length), ct);
            var passed = Form.Checklist.Union(Form.Required.Where(a => a.Value).Select(a => a.Key)).ToList();
            var failed = Form.Required.Where(a => !a.Value).Select(a => a.Key).ToList();
            request.InspectLine(new LineInspection(Form.LineId, Form.Grade!.Value, passed, Form.Serial!.Value, Form.Notes, failed), stored,
                actor.CurrentActor, clock.GetUtcNow().UtcDateTime);
        }, ct);
        if (result.NotFound)
        {
            return NotFound();
        }
        if (!result.Saved)
        {
            return await OnGetAsync(rma, Form.LineId, ct);
        }
        return Redirect(result.Request.Status == ReturnStatus.Inspected
            ? $"/staff/returns/{ReturnView.Key(rma)}/decide"
            : $"/staff/returns/{ReturnView.Key(rma)}/inspect");
    }

    public sealed record Input
    {
        public int Version { get; set; }
        public int LineId { get; set; }
        public ItemGrade? Grade { get; set; }
        public List<string> Checklist { get; set; } = [];
        /// <summary>The answers to the required conditions, by code: true "yes", false "no"; an unanswered one is absent.</summary>
        public Dictionary<string, bool> Required { get; set; } = [];
        public SerialCheck? Serial { get; set; }
        public string? Notes { get; set; }
    }
}
