namespace ReturnsPortal.Domain.Analytics;

public enum ProcessingStage
{
    RequestToReceipt,
    ReceiptToDecision,
    RequestToDecision,
    DecisionToSettlement,
    RequestToSettlement,
}
