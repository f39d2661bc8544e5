using ReturnsPortal.Domain.Customers;
using ReturnsPortal.Domain.Logistics;

namespace ReturnsPortal.Web.Pages.Manage.DropOffPoints;

/// <summary>Add a drop-off point (no id) or change one: name, carrier, address, position, opening hours.</summary>
public sealed class EditDropOffPointModel(ReturnsDbContext db, IValidator<EditDropOffPointModel.Input> validator, IStringLocalizer<SharedResource> l)
    : PageModel
{
    [BindProperty] public Input Form { get; set; } = new();
    public int? Id { get; private set; }

    public async Task<IActionResult> OnGetAsync(int? id, CancellationToken ct)
    {
        Id = id;
        if (id is null)
        {
            return Page();
        }
        var point = await db.DropOffPoints.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, ct);
        if (point is null)
        {
            return NotFound();
        }
        Form = new Input
        {
            Code = point.Code,
            Name = point.Name,
            Carrier = point.Carrier,
            Line1 = point.Address.Line1,
            Line2 = point.Address.Line2,
            Postcode = point.Address.Postcode,
            City = point.Address.City,
            OpeningHours = point.OpeningHours,
            Latitude = point.Latitude.ToString(CultureInfo.InvariantCulture),
            Longitude = point.Longitude.ToString(CultureInfo.InvariantCulture),
            Version = point.Version,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int? id, CancellationToken ct)
    {
        Id = id;
        var point = id is null ? null : await db.DropOffPoints.SingleOrDefaultAsync(p => p.Id == id, ct);
        if (id is not null && point is null)
        {
            return NotFound();
        }
        if (!await validator.ValidateIntoAsync(Form, ModelState, nameof(Form), ct))
        {
            return Page();
        }
        var code = Form.Code!.Trim().ToUpperInvariant();
        if (await db.DropOffPoints.AnyAsync(p => p.Code == code && p.Id != (id ?? 0), ct))
        {
            ModelState.AddModelError($"{nameof(Form)}.{nameof(Input.Code)}", l["DropOff.CodeTaken"]);
            return Page();
        }
        var address = new PostalAddress
        {
            Line1 = Form.Line1!.Trim(),
            Line2 = string.IsNullOrWhiteSpace(Form.Line2) ? null : Form.Line2.Trim(),
            Postcode = Form.Postcode!.Trim(),
            City = Form.City!.Trim(),
        };
        if (point is not null)
        {
            // The version the manager started from: a colleague's save since then makes this one a conflict.
            db.Entry(point).Property(p => p.Version).OriginalValue = Form.Version;
        }
        if (point is null)
        {
            point = new DropOffPoint { Code = code, Name = "", Carrier = "", Address = address, OpeningHours = "" };
            db.DropOffPoints.Add(point);
        }
        point.Code = code;
        point.Name = Form.Name!.Trim();
        point.Carrier = Form.Carrier!.Trim();
        point.Address = address;
        point.OpeningHours = Form.OpeningHours!.Trim();
        point.Latitude = Input.ParseCoordinate(Form.Latitude)!.Value;
        point.Longitude = Input.ParseCoordinate(Form.Longitude)!.Value;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            ModelState.AddModelError(string.Empty, l["DropOff.Conflict"]);
            return Page();
        }
        catch (DbUpdateException)
        {
            // The same code saved by a colleague a moment ago (unique index).
            ModelState.AddModelError($"{nameof(Form)}.{nameof(Input.Code)}", l["DropOff.CodeTaken"]);
            return Page();
        }
        return RedirectToPage("Index", new { done = id is null ? "added" : "saved" });
    }

    public sealed record Input
    {
        public string? Code { get; set; }
        public string? Name { get; set; }
        public string? Carrier { get; set; }
        public string? Line1 { get; set; }
        public string? Line2 { get; set; }
        public string? Postcode { get; set; }
        public string? City { get; set; }
        public string? Latitude { get; set; }
        public string? Longitude { get; set; }
        public string? OpeningHours { get; set; }
        public int Version { get; set; }

        /// <summary>Decimal degrees, with a point or a comma.</summary>
        public static double? ParseCoordinate(string? text) =>
            double.TryParse(text?.Trim().Replace(',', '.'), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
                ? value : null;
    }

    public sealed class InputValidator : AbstractValidator<Input>
    {
        public InputValidator(IStringLocalizer<SharedResource> l)
        {
            RuleFor(i => i.Code).Cascade(CascadeMode.Stop).NotEmpty().WithMessage(_ => l["DropOff.Required"])
                .Matches("^\\s*[A-Za-z0-9-]{1,20}\\s*$").WithMessage(_ => l["DropOff.CodeInvalid"]);
            RuleFor(i => i.Name).NotEmpty().WithMessage(_ => l["DropOff.Required"]).MaximumLength(DropOffPoint.NameLength).WithMessage(_ => l["DropOff.TooLong"]);
            RuleFor(i => i.Carrier).NotEmpty().WithMessage(_ => l["DropOff.Required"]).MaximumLength(DropOffPoint.CarrierLength).WithMessage(_ => l["DropOff.TooLong"]);
            RuleFor(i => i.Line1).NotEmpty().WithMessage(_ => l["DropOff.Required"]).MaximumLength(PostalAddress.LineLength).WithMessage(_ => l["DropOff.TooLong"]);
            RuleFor(i => i.Line2).MaximumLength(PostalAddress.LineLength).WithMessage(_ => l["DropOff.TooLong"]);
            RuleFor(i => i.Postcode).Cascade(CascadeMode.Stop).NotEmpty().WithMessage(_ => l["DropOff.Required"])
                .Matches("^\\s*[0-9]{5}\\s*$").WithMessage(_ => l["DropOff.PostcodeInvalid"]);
            RuleFor(i => i.City).NotEmpty().WithMessage(_ => l["DropOff.Required"]).MaximumLength(PostalAddress.CityLength).WithMessage(_ => l["DropOff.TooLong"]);
            RuleFor(i => i.OpeningHours).NotEmpty().WithMessage(_ => l["DropOff.Required"]).MaximumLength(DropOffPoint.HoursLength).WithMessage(_ => l["DropOff.TooLong"]);
            RuleFor(i => i.Latitude).Must(v => Input.ParseCoordinate(v) is >= -90 and <= 90).WithMessage(_ => l["DropOff.LatitudeInvalid"]);
            RuleFor(i => i.Longitude).Must(v => Input.ParseCoordinate(v) is >= -180 and <= 180).WithMessage(_ => l["DropOff.LongitudeInvalid"]);
        }
    }
}
