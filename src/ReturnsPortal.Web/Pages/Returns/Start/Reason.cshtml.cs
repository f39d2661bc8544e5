using ReturnsPortal.Web.Files;

namespace ReturnsPortal.Web.Pages.Returns.Start;

/// <summary>Step 3: for each chosen item, a reason, a comment and photos (checked by their bytes, kept in the file store).</summary>
public sealed class ReasonModel(
    ReturnWizard wizard, ReturnEligibility eligibility, ReturnStarter starter, ReturnsDbContext db, IFileStore files,
    PhotoOptions photoOptions, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty] public List<LineInput> Lines { get; set; } = [];
    public IReadOnlyList<LineView> Items { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await wizard.LoadStepAsync(HttpContext, c => c.Quantities.Count > 0, ct) is not { } state)
        {
            return RedirectToPage("Index");
        }
        Lines = state.Choices.Quantities.Keys.Select(id => new LineInput
        {
            OrderLineId = id,
            ReasonId = state.Choices.Line(id).ReasonId,
            Comment = state.Choices.Line(id).Comment,
        }).ToList();
        await LoadViewAsync(state, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await wizard.LoadStepAsync(HttpContext, c => c.Quantities.Count > 0, ct) is not { } state)
        {
            return RedirectToPage("Index");
        }
        ReturnWizard.LocaliseBindingErrors(ModelState, l);
        var choices = state.Choices;
        var photoErrors = new List<(int OrderLineId, string Code)>();
        var uploads = new List<(int OrderLineId, IFormFile File, CleanPhoto Photo)>();
        foreach (var line in Lines)
        {
            if (!choices.Quantities.ContainsKey(line.OrderLineId))
            {
                photoErrors.Add((line.OrderLineId, "line_unknown"));
                continue;
            }
            var kept = choices.Line(line.OrderLineId).Photos.Where(p => !line.RemovePhotos.Contains(p.FileKey)).ToList();
            var posted = Request.HasFormContentType ? Request.Form.Files.GetFiles(PhotoField(line.OrderLineId)).Where(f => f.Length > 0).ToList() : [];
            if (kept.Count + posted.Count > ReturnLinePhoto.MaxPerLine)
            {
                photoErrors.Add((line.OrderLineId, "photo_too_many"));
            }
            foreach (var file in posted)
            {
                if (file.Length > ReturnLinePhoto.MaxBytes)
                {
                    photoErrors.Add((line.OrderLineId, "photo_too_big"));
                    continue;
                }
                var head = new byte[PhotoSignature.BytesNeeded];
                await using var stream = file.OpenReadStream();
                var read = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
                // Re-encoded now, in memory (ADR 0126): bytes that only look like an image are refused before anything is stored.
                if (PhotoSignature.Detect(head.AsSpan(0, read)) is { } type && await PhotoUploads.CleanAsync(file, type, photoOptions, ct) is { } clean)
                {
                    uploads.Add((line.OrderLineId, file, clean));
                }
                else
                {
                    photoErrors.Add((line.OrderLineId, "photo_not_image"));
                }
            }
        }
        // The return's quota (count and bytes, all lines together) counts the photos kept and those posted now.
        var keptPhotos = Lines.Where(x => choices.Quantities.ContainsKey(x.OrderLineId))
            .SelectMany(x => choices.Line(x.OrderLineId).Photos.Where(p => !x.RemovePhotos.Contains(p.FileKey))).ToList();
        var overQuota = !photoOptions.Allows(keptPhotos.Count + uploads.Count, keptPhotos.Sum(p => p.Length) + uploads.Sum(u => u.File.Length));
        // The rules are checked with the photos as they would be, before any file is stored.
        var proposed = new DraftChoices { Quantities = choices.Quantities };
        foreach (var line in Lines.Where(x => choices.Quantities.ContainsKey(x.OrderLineId)))
        {
            var target = proposed.Line(line.OrderLineId);
            target.ReasonId = line.ReasonId;
            target.Comment = line.Comment;
            target.ExchangeVariantId = choices.Line(line.OrderLineId).ExchangeVariantId;
            target.Photos = choices.Line(line.OrderLineId).Photos.Where(p => !line.RemovePhotos.Contains(p.FileKey))
                .Concat(uploads.Where(u => u.OrderLineId == line.OrderLineId).Select(u => new PhotoChoice("pending", u.Photo.ContentType, u.Photo.FileName, u.Photo.Bytes.LongLength)))
                .ToList();
        }
        var missing = choices.Quantities.Keys.Except(Lines.Select(x => x.OrderLineId)).Select(id => (id, "reason_required"));
        var (errors, _) = await starter.CheckAsync(proposed.ToCommand(state.OrderId, null), StartStep.Reasons, ct);
        // A refused file already says what is wrong with the photos: "needs at least one photo" on top would only confuse.
        var all = errors.Where(e => e.Code != "photo_required" || photoErrors.All(p => p.OrderLineId != e.OrderLineId))
            .Concat(photoErrors.Concat(missing).Select(e => new StartError(e.Item2, e.Item1))).ToList();
        if (overQuota)
        {
            var field = uploads.Count > 0 ? PhotoField(uploads[^1].OrderLineId) : "";
            ModelState.AddModelError(field, l["Start.Error.photo_quota", photoOptions.MaxPerReturn, photoOptions.MaxMegabytesPerReturn]);
        }
        if (!ModelState.IsValid || all.Count > 0)
        {
            ReturnWizard.AddErrors(ModelState, all, l, e => FieldFor(e));
            await LoadViewAsync(state, ct);
            return Page();
        }
        var folder = state.Draft is { } draft ? PhotoUploads.DraftFolder(draft.Id) : "draft-new";
        foreach (var upload in uploads)
        {
            var key = await PhotoUploads.StoreAsync(files, folder, upload.Photo, ct);
            var photos = proposed.Line(upload.OrderLineId).Photos;
            var pending = photos.FindIndex(p => p.FileKey == "pending");
            photos[pending] = new PhotoChoice(key, upload.Photo.ContentType, upload.Photo.FileName, upload.Photo.Bytes.LongLength);
        }
        // Only keys this draft holds are deleted: a posted key naming another file is ignored.
        var removed = Lines.Where(x => choices.Quantities.ContainsKey(x.OrderLineId))
            .SelectMany(x => choices.Line(x.OrderLineId).Photos.Where(p => x.RemovePhotos.Contains(p.FileKey)).Select(p => p.FileKey)).ToList();
        foreach (var (id, line) in proposed.Lines)
        {
            choices.Lines[id] = line;
        }
        await wizard.SaveAsync(HttpContext, state with { Choices = choices }, ct);
        // After the draft no longer names them, so that a failed save never leaves it pointing at deleted files.
        await PhotoUploads.DeleteAsync(files, removed, ct);
        return RedirectToPage("Solution");
    }

    public static string PhotoField(int orderLineId) => string.Create(CultureInfo.InvariantCulture, $"Photos_{orderLineId}");

    private string FieldFor(StartError error)
    {
        var i = Lines.FindIndex(x => x.OrderLineId == error.OrderLineId);
        if (i < 0)
        {
            return "";
        }
        return error.Code switch
        {
            "comment_too_long" => $"Lines[{i}].Comment",
            "photo_required" or "photo_too_many" or "photo_too_big" or "photo_not_image" => PhotoField(error.OrderLineId!.Value),
            _ => $"Lines[{i}].ReasonId",
        };
    }

    private async Task LoadViewAsync(WizardState state, CancellationToken ct)
    {
        var order = await eligibility.ForOrderAsync(state.OrderId, ct);
        var language = ShopLanguage.Current;
        var reasons = await db.Reasons.AsNoTracking().Where(r => r.IsActive).OrderBy(r => r.SortOrder)
            .Select(r => new ReasonView(r.Id, ShopLanguage.Pick(language, r.LabelFr, r.LabelEn), r.IsDefect, r.PhotoWanted)).ToListAsync(ct);
        Items = Lines.Select(x =>
        {
            var line = order!.Lines.Single(o => o.OrderLineId == x.OrderLineId);
            return new LineView(line.OrderLineId, line.ProductName, line.Size, line.Colour, state.Choices.Quantities[line.OrderLineId],
                line.DefectOnly ? reasons.Where(r => r.IsDefect).ToList() : reasons, state.Choices.Line(line.OrderLineId).Photos);
        }).ToList();
    }

    public sealed record LineInput
    {
        public int OrderLineId { get; set; }
        public int? ReasonId { get; set; }
        public string? Comment { get; set; }
        public List<string> RemovePhotos { get; set; } = [];
    }

    public sealed record ReasonView(int Id, string Label, bool IsDefect, bool PhotoWanted);

    public sealed record LineView(
        int OrderLineId, string ProductName, string? Size, string? Colour, int Quantity, IReadOnlyList<ReasonView> Reasons, IReadOnlyList<PhotoChoice> Photos);
}
