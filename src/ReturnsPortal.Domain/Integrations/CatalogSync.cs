using ReturnsPortal.Domain.Catalog;
using ReturnsPortal.Domain.Customers;
using ReturnsPortal.Domain.Orders;
using ReturnsPortal.Domain.Persistence;

namespace ReturnsPortal.Domain.Integrations;

/// <summary>
/// Orders and products coming from the shop (API and CSV import share it, ADR 0071): checks the data, then
/// upserts — orders by number (customer by e-mail, lines by SKU), products by SKU (product and category by code).
/// Nothing is saved here: the caller saves, so an import can save a whole file in one transaction.
/// </summary>
public sealed class CatalogSync(ReturnsDbContext db)
{
    public static IReadOnlyList<SyncError> Check(ProductData p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var errors = new List<SyncError>();
        Required(errors, "sku", p.Sku, ProductVariant.SkuLength);
        Required(errors, "productCode", p.ProductCode, Product.CodeLength);
        Required(errors, "name", p.Name, Product.NameLength);
        Optional(errors, "brand", p.Brand, Product.NameLength);
        Required(errors, "categoryCode", p.CategoryCode, Category.CodeLength);
        Optional(errors, "categoryName", p.CategoryName, Category.NameLength);
        Optional(errors, "size", p.Size, ProductVariant.AttributeLength);
        Optional(errors, "colour", p.Colour, ProductVariant.AttributeLength);
        if (p.PriceMinor is null or < 0)
        {
            errors.Add(new("price", "price"));
        }
        CheckCurrency(errors, p.Currency);
        return errors;
    }

    public static IReadOnlyList<SyncError> Check(OrderData o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var errors = new List<SyncError>();
        Required(errors, "number", o.Number, Order.NumberLength);
        if (Required(errors, "email", o.Email, Customer.EmailLength) && !LooksLikeEmail(o.Email!))
        {
            errors.Add(new("email", "email"));
        }
        Required(errors, "firstName", o.FirstName, Customer.NameLength);
        Required(errors, "lastName", o.LastName, Customer.NameLength);
        if (o.Language is not (null or "" or "fr" or "en"))
        {
            errors.Add(new("language", "language"));
        }
        Required(errors, "line1", o.Line1, PostalAddress.LineLength);
        Optional(errors, "line2", o.Line2, PostalAddress.LineLength);
        Required(errors, "postcode", o.Postcode, PostalAddress.PostcodeLength);
        Required(errors, "city", o.City, PostalAddress.CityLength);
        if (o.Country is { Length: > 0 } c && c.Trim().Length != 2)
        {
            errors.Add(new("country", "country"));
        }
        if (o.PlacedAt is null)
        {
            errors.Add(new("placedAt", "required"));
        }
        if (o.DeliveredAt is { } delivered && o.PlacedAt is { } placed && delivered < placed)
        {
            errors.Add(new("deliveredAt", "delivered_before_placed"));
        }
        if (o.PaymentMethod is null)
        {
            errors.Add(new("paymentMethod", "required"));
        }
        if (o.PaymentReference is not null && !Order.IsValidPaymentReference(o.PaymentReference))
        {
            errors.Add(new("paymentReference", "payment_reference"));
        }
        CheckCurrency(errors, o.Currency);
        if (o.Lines.Count == 0)
        {
            errors.Add(new("lines", "no_lines"));
        }
        for (var i = 0; i < o.Lines.Count; i++)
        {
            var line = o.Lines[i];
            Required(errors, $"lines[{i}].sku", line.Sku, ProductVariant.SkuLength);
            if (line.Quantity is null or < 1 or > 10_000)
            {
                errors.Add(new($"lines[{i}].quantity", "quantity"));
            }
            if (line.UnitPriceMinor is null or < 0)
            {
                errors.Add(new($"lines[{i}].unitPrice", "price"));
            }
        }
        var duplicates = o.Lines.Select((l, i) => (Sku: l.Sku?.Trim(), i)).Where(x => x.Sku is not null)
            .GroupBy(x => x.Sku, StringComparer.Ordinal).Where(g => g.Count() > 1).SelectMany(g => g.Skip(1));
        errors.AddRange(duplicates.Select(d => new SyncError($"lines[{d.i}].sku", "sku_duplicate")));
        return errors;
    }

    /// <summary>The SKUs of these lines that the catalogue does not know (an order line must name a known variant).</summary>
    public async Task<IReadOnlyList<SyncError>> UnknownSkusAsync(OrderData order, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(order);
        var skus = order.Lines.Select(l => l.Sku!.Trim()).Distinct().ToList();
        var known = await db.Variants.AsNoTracking().Where(v => skus.Contains(v.Sku)).Select(v => v.Sku).ToListAsync(ct);
        return order.Lines.Select((l, i) => (Sku: l.Sku!.Trim(), i)).Where(x => !known.Contains(x.Sku))
            .Select(x => new SyncError($"lines[{x.i}].sku", "sku_unknown")).ToList();
    }

    /// <summary>Adds or updates the products of checked data (every item passed <see cref="Check(ProductData)"/>).</summary>
    public async Task<int> UpsertProductsAsync(IReadOnlyList<ProductData> items, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(items);
        var skus = items.Select(p => p.Sku!.Trim()).Distinct().ToList();
        var codes = items.Select(p => p.ProductCode!.Trim()).Distinct().ToList();
        var categoryCodes = items.Select(p => p.CategoryCode!.Trim()).Distinct().ToList();
        var variants = await db.Variants.Where(v => skus.Contains(v.Sku)).ToDictionaryAsync(v => v.Sku, StringComparer.Ordinal, ct);
        var products = await db.Products.Where(p => codes.Contains(p.Code)).ToDictionaryAsync(p => p.Code, StringComparer.Ordinal, ct);
        var categories = await db.Categories.Where(c => categoryCodes.Contains(c.Code)).ToDictionaryAsync(c => c.Code, StringComparer.Ordinal, ct);
        foreach (var item in items)
        {
            var categoryCode = item.CategoryCode!.Trim();
            if (!categories.TryGetValue(categoryCode, out var category))
            {
                var name = Clean(item.CategoryName) ?? categoryCode;
                category = new Category { Code = categoryCode, NameFr = name, NameEn = name };
                db.Categories.Add(category);
                categories[categoryCode] = category;
            }
            var code = item.ProductCode!.Trim();
            if (!products.TryGetValue(code, out var product))
            {
                product = new Product { Code = code, Name = item.Name!.Trim() };
                db.Products.Add(product);
                products[code] = product;
            }
            product.Name = item.Name!.Trim();
            product.Brand = Clean(item.Brand);
            product.Category = category;
            product.NonReturnableReason = item.NonReturnableReason;
            var sku = item.Sku!.Trim();
            if (!variants.TryGetValue(sku, out var variant))
            {
                variant = new ProductVariant { Sku = sku };
                product.Variants.Add(variant);
                variants[sku] = variant;
            }
            else if (variant.ProductId != product.Id)
            {
                // A SKU moved to another product code: it follows the shop.
                variant.Product = product;
            }
            variant.Size = Clean(item.Size);
            variant.Colour = Clean(item.Colour);
            variant.Price = new Money(item.PriceMinor!.Value, item.Currency!.Trim().ToUpperInvariant());
        }
        return items.Count;
    }

    /// <summary>
    /// Adds or updates one checked order whose SKUs are all known: the customer by e-mail (created when new), the
    /// lines by SKU (quantity and price updated, new SKUs added). Lines are never removed: returns may refer to them;
    /// the payment reference is set when given and kept when absent.
    /// Returns true when the order is new.
    /// </summary>
    public async Task<bool> UpsertOrderAsync(OrderData data, DateTime now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(data);
        var number = Order.NormaliseNumber(data.Number!);
        var email = Order.NormaliseEmail(data.Email!);
        var order = db.Orders.Local.FirstOrDefault(o => o.Number == number)
            ?? await db.Orders.Include(o => o.Lines).SingleOrDefaultAsync(o => o.Number == number, ct);
        var customer = db.Customers.Local.FirstOrDefault(c => c.Email == email)
            ?? await db.Customers.Where(c => c.Email == email).OrderBy(c => c.Id).FirstOrDefaultAsync(ct);
        var address = new PostalAddress
        {
            Line1 = data.Line1!.Trim(),
            Line2 = Clean(data.Line2),
            Postcode = data.Postcode!.Trim(),
            City = data.City!.Trim(),
            Country = Clean(data.Country)?.ToUpperInvariant() ?? "FR",
        };
        if (customer is null)
        {
            customer = new Customer { Email = email, FirstName = data.FirstName!.Trim(), LastName = data.LastName!.Trim(), Address = address, CreatedAt = now };
            db.Customers.Add(customer);
        }
        customer.FirstName = data.FirstName!.Trim();
        customer.LastName = data.LastName!.Trim();
        customer.Address = address;
        customer.Language = data.Language is "en" ? "en" : data.Language is "fr" ? "fr" : customer.Language;
        var created = order is null;
        if (order is null)
        {
            order = new Order { Number = number, Email = email, CustomerName = "", Postcode = "" };
            db.Orders.Add(order);
        }
        order.Customer = customer;
        order.Email = email;
        order.CustomerName = $"{customer.FirstName} {customer.LastName}";
        order.Postcode = address.Postcode;
        order.PlacedAt = data.PlacedAt!.Value;
        order.ShippedAt = data.ShippedAt;
        order.DeliveredAt = data.DeliveredAt;
        order.PaymentMethod = data.PaymentMethod!.Value;
        order.Currency = data.Currency!.Trim().ToUpperInvariant();
        if (data.PaymentReference is not null)
        {
            // Absent keeps the reference: a shop that does not send it never erases one sent before.
            order.SetPaymentReference(data.PaymentReference);
        }
        var skus = data.Lines.Select(l => l.Sku!.Trim()).ToList();
        var variants = await db.Variants.AsNoTracking().Where(v => skus.Contains(v.Sku)).ToDictionaryAsync(v => v.Sku, v => v.Id, StringComparer.Ordinal, ct);
        foreach (var line in data.Lines)
        {
            // Through the order, which records the change for the sales analytics (ADR 0104).
            order.RecordLine(variants[line.Sku!.Trim()], line.Quantity!.Value, new Money(line.UnitPriceMinor!.Value, order.Currency));
        }
        return created;
    }

    private static bool Required(List<SyncError> errors, string field, string? value, int max)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(new(field, "required"));
            return false;
        }
        if (value.Trim().Length > max)
        {
            errors.Add(new(field, "too_long"));
            return false;
        }
        return true;
    }

    private static void Optional(List<SyncError> errors, string field, string? value, int max)
    {
        if (value is not null && value.Trim().Length > max)
        {
            errors.Add(new(field, "too_long"));
        }
    }

    private static void CheckCurrency(List<SyncError> errors, string? currency)
    {
        if (currency is null || currency.Trim().Length != Money.CurrencyLength || !currency.Trim().All(char.IsAsciiLetter))
        {
            errors.Add(new("currency", "currency"));
        }
    }

    private static bool LooksLikeEmail(string email)
    {
        var at = email.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at < email.Length - 1 && email.IndexOf('@', at + 1) < 0 && !email.Any(char.IsWhiteSpace);
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
