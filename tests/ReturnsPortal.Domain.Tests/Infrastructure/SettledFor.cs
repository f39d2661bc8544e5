using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Returns;

namespace ReturnsPortal.Domain.Tests.Infrastructure;

/// <summary>
/// A resolved return's settlement completed at <c>at</c>: a refund created and paid, an exchange shipped, store credit
/// issued. For tests that need a settled return, not the lifecycle (BackOffice/SettlementTests covers that).
/// </summary>
public static class SettledFor
{
    public static Settlement Return(ReturnRequest request, string actor, DateTime at)
    {
        var settlement = Settlement.For(request, SettlementDeadlines.None, new SettlementChannels(), actor, at);
        if (settlement.Status == SettlementStatus.Sent)
        {
            settlement.MarkPaid($"paid-{request.Rma}", actor, at);
        }
        else if (settlement.Status == SettlementStatus.ReplacementRequested)
        {
            settlement.Ship("Colissimo", $"6A{request.Rma}", [], actor, at);
        }
        return settlement;
    }
}
