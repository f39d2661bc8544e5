namespace ReturnsPortal.Domain.BackOffice;

/// <summary>One line of a receipt: received with a quantity, or missing, or the wrong item.</summary>
public sealed record LineReceipt(int LineId, ReceiptOutcome Outcome, int QuantityReceived);
