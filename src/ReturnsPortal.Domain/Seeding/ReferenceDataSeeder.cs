using ReturnsPortal.Domain.Customers;
using ReturnsPortal.Domain.Logistics;
using ReturnsPortal.Domain.Persistence;
using ReturnsPortal.Domain.Policies;

namespace ReturnsPortal.Domain.Seeding;

/// <summary>
/// The data every shop needs, in production too: the return reasons, the default return policy and the
/// warehouse. Idempotent: reasons are added by code when missing; the policy and the warehouse only when
/// there is none at all, so that an administrator's edits are never overwritten or duplicated.
/// </summary>
public static class ReferenceDataSeeder
{
    public const string DefaultPolicyName = "Politique standard";
    public const string WarehouseCode = "LYS1";

    private sealed record ReasonSpec(string Code, string LabelFr, string LabelEn, bool IsDefect = false, bool IsMerchantFault = false, bool PhotoWanted = false);

    private static readonly ReasonSpec[] ReasonSpecs =
    [
        new("too_small", "Taille trop petite", "Too small"),
        new("too_big", "Taille trop grande", "Too big"),
        new("not_as_described", "Ne correspond pas à la description", "Not as described"),
        new("changed_mind", "Ne me plaît plus", "Changed my mind"),
        new("defective", "Article défectueux", "Defective item", IsDefect: true, PhotoWanted: true),
        new("damaged_in_transit", "Article endommagé pendant la livraison", "Damaged in transit", IsMerchantFault: true, PhotoWanted: true),
        new("wrong_item", "Article reçu différent de la commande", "Wrong item received", IsMerchantFault: true),
        new("arrived_late", "Livré trop tard", "Arrived too late"),
        new("better_price", "Trouvé moins cher ailleurs", "Found a better price"),
        new("other", "Autre raison", "Other reason"),
    ];

    // Tags are required on purpose (ADR 0086): a clothing shop wants to know, and the demo shows the yes/no question
    // and the decider's warning. The others stay optional; the manager can change any of them in the editor.
    private static readonly (string Code, string LabelFr, string LabelEn, bool IsRequired)[] ChecklistSpecs =
    [
        ("original_packaging", "Emballage d'origine", "Original packaging", false),
        ("tags_attached", "Étiquettes attachées", "Tags attached", true),
        ("accessories_complete", "Accessoires complets", "All accessories included", false),
        ("proof_of_purchase", "Preuve d'achat", "Proof of purchase", false),
    ];

    public static async Task SeedAsync(ReturnsDbContext db, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        // The audit interceptor stamps the policy from the context's own clock; this one is part of the
        // signature so every seeder reads time the same way.
        ArgumentNullException.ThrowIfNull(clock);

        var existingReasons = await db.Reasons.Select(r => r.Code).ToListAsync(ct);
        var missingReasons = ReasonSpecs
            .Select((spec, index) => (spec, index))
            .Where(x => !existingReasons.Contains(x.spec.Code))
            .Select(x => new ReturnReason
            {
                Code = x.spec.Code,
                LabelFr = x.spec.LabelFr,
                LabelEn = x.spec.LabelEn,
                IsDefect = x.spec.IsDefect,
                IsMerchantFault = x.spec.IsMerchantFault,
                PhotoWanted = x.spec.PhotoWanted,
                SortOrder = (x.index + 1) * 10,
            })
            .ToList();
        db.Reasons.AddRange(missingReasons);

        if (!await db.Policies.AnyAsync(ct))
        {
            db.Policies.Add(DefaultPolicy());
        }

        if (!await db.Warehouses.AnyAsync(ct))
        {
            db.Warehouses.Add(new Warehouse
            {
                Code = WarehouseCode,
                Name = "Entrepôt Lyon",
                Address = new PostalAddress
                {
                    Line1 = "27 rue Maryse Bastié",
                    Line2 = "ZI Mi-Plaine, quai 4",
                    Postcode = "69800",
                    City = "Saint-Priest",
                },
            });
        }

        if (db.ChangeTracker.HasChanges())
        {
            await db.SaveChangesAsync(ct);
        }
    }

    private static ReturnPolicy DefaultPolicy()
    {
        var policy = new ReturnPolicy
        {
            Name = DefaultPolicyName,
            IsDefault = true,
            VersionNumber = 1,
            PublishedBy = "system",
            ChangeNote = "Politique initiale / Initial policy",
            WindowDays = 30,
            WindowStart = WindowStart.Delivery,
            RestockingFeePercent = 0m,
            FirstReturnFree = false,
            AllowRefund = true,
            AllowStoreCredit = true,
            AllowExchange = true,
            StoreCreditBonusPercent = 10m,
        };
        // Four eyes above 300 € refunded, or above 150 € of goods written off (ADR 0125); other currencies always wait.
        policy.SetApprovalThreshold(Money.Eur(30_000), Money.Eur(15_000));
        // Every method gets an explicit row, free ones included, so the policy screen shows all three.
        policy.MethodFees.Add(new PolicyMethodFee { Method = ReturnMethod.DropOff, Fee = Money.Eur(0) });
        policy.MethodFees.Add(new PolicyMethodFee { Method = ReturnMethod.Pickup, Fee = Money.Eur(490) });
        policy.MethodFees.Add(new PolicyMethodFee { Method = ReturnMethod.InStore, Fee = Money.Eur(0) });
        policy.Checklist.AddRange(ChecklistSpecs.Select((c, i) => new PolicyChecklistItem
        {
            Code = c.Code,
            LabelFr = c.LabelFr,
            LabelEn = c.LabelEn,
            SortOrder = (i + 1) * 10,
            IsRequired = c.IsRequired,
        }));
        return policy;
    }
}
