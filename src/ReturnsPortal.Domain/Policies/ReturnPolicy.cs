using ReturnsPortal.Domain.Catalog;
using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Returns;

namespace ReturnsPortal.Domain.Policies;

/// <summary>From which moment the return window is counted.</summary>
public enum WindowStart
{
    Delivery,
    Shipment,
    Order,
}

/// <summary>The merchant's commercial return policy; the law (14-day withdrawal, 2-year conformity) applies on top of it.</summary>
public sealed class ReturnPolicy : IAudited, IVersioned
{
    public const int NameLength = 100;

    public int Id { get; set; }
    public required string Name { get; set; }
    public bool IsDefault { get; set; }
    public int WindowDays { get; set; } = 30;
    public WindowStart WindowStart { get; set; } = WindowStart.Delivery;
    public decimal RestockingFeePercent { get; set; }
    public bool FirstReturnFree { get; set; }
    public bool AllowRefund { get; set; } = true;
    public bool AllowStoreCredit { get; set; } = true;
    public bool AllowExchange { get; set; } = true;
    public decimal StoreCreditBonusPercent { get; set; }
    /// <summary>Settlements above this amount wait for a second person (four-eyes).</summary>
    public Money FourEyesThreshold { get; set; }
    public List<PolicyMethodFee> MethodFees { get; } = [];
    public List<PolicyCategoryOverride> CategoryOverrides { get; } = [];
    public List<PolicyChecklistItem> Checklist { get; } = [];

    public DateTime CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
    public DateTime UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }
    public int Version { get; set; }

    public bool Allows(Resolution resolution) => resolution switch
    {
        Resolution.Refund => AllowRefund,
        Resolution.StoreCredit => AllowStoreCredit,
        Resolution.Exchange => AllowExchange,
        _ => false,
    };

    /// <summary>The label fee the customer pays for a return method; a method with no fee row is free.</summary>
    public Money LabelFee(ReturnMethod method, string currency) =>
        MethodFees.FirstOrDefault(f => f.Method == method)?.Fee ?? Money.Zero(currency);

    public int WindowDaysFor(int categoryId) =>
        CategoryOverrides.FirstOrDefault(o => o.CategoryId == categoryId)?.WindowDays ?? WindowDays;
}

public sealed class PolicyMethodFee
{
    public int Id { get; set; }
    public int PolicyId { get; set; }
    public ReturnMethod Method { get; set; }
    public Money Fee { get; set; }
}

public sealed class PolicyCategoryOverride
{
    public int Id { get; set; }
    public int PolicyId { get; set; }
    public int CategoryId { get; set; }
    public Category? Category { get; set; }
    public int WindowDays { get; set; }
}

/// <summary>A condition the inspector checks (original packaging, tags, accessories, proof of purchase).</summary>
public sealed class PolicyChecklistItem
{
    public const int CodeLength = 40;
    public const int LabelLength = 200;

    public int Id { get; set; }
    public int PolicyId { get; set; }
    public required string Code { get; set; }
    public required string LabelFr { get; set; }
    public required string LabelEn { get; set; }
    public int SortOrder { get; set; }
}

public sealed class ReturnReason
{
    public const int CodeLength = 40;
    public const int LabelLength = 200;

    public int Id { get; set; }
    public required string Code { get; set; }
    public required string LabelFr { get; set; }
    public required string LabelEn { get; set; }
    /// <summary>The item is faulty: the legal guarantee of conformity (2 years) may apply.</summary>
    public bool IsDefect { get; set; }
    /// <summary>Wrong item sent, damaged in transit…: the merchant bears the return cost.</summary>
    public bool IsMerchantFault { get; set; }
    public bool PhotoWanted { get; set; }
    public int SortOrder { get; set; }
    public bool IsActive { get; set; } = true;

    public string Label(string language) => language == "en" ? LabelEn : LabelFr;
}
