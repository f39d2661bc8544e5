using ReturnsPortal.Domain.BackOffice;
using ReturnsPortal.Domain.Common;
using ReturnsPortal.Domain.Inventory;
using ReturnsPortal.Domain.Returns;

namespace ReturnsPortal.Domain.Tests.Inventory;

/// <summary>
/// The ledger's invariants under random sequences of dispositions, reservations, releases, shipments, adjustments,
/// transfers and imports (seeded, so a failure replays): every level equals the sum of its movements, nothing goes
/// below zero, nothing reserved exceeds what is on hand, and a refused operation changes nothing.
/// </summary>
public sealed class StockLedgerPropertyTests
{
    private const int Warehouse = 1;
    private static readonly DateTime At = new(2026, 3, 2, 9, 30, 0, DateTimeKind.Utc);
    private static readonly StockBucket[] Buckets = Enum.GetValues<StockBucket>();
    private static readonly Disposition[] Dispositions = Enum.GetValues<Disposition>();

    [Fact]
    public void Random_sequences_keep_every_level_equal_to_its_movements_and_never_negative()
    {
        var refused = 0;
        var posted = 0;
        for (var seed = 1; seed <= 400; seed++)
        {
            var (r, p) = RunSequence(seed, steps: 80);
            refused += r;
            posted += p;
        }
        // The sequences must exercise both paths, or the test proves nothing.
        refused.ShouldBeGreaterThan(1000);
        posted.ShouldBeGreaterThan(10_000);
    }

    private static (int Refused, int Posted) RunSequence(int seed, int steps)
    {
        var random = new Random(seed);
        var levels = new Dictionary<StockKey, StockLevel>();
        var movements = new List<StockMovement>();
        var active = new List<StockReservation>();
        var refused = 0;
        var nextLine = 1;
        StockLevel LevelOf(StockKey key) => levels.TryGetValue(key, out var level) ? level : levels[key] = new StockLevel(key.VariantId, key.WarehouseId, key.Bucket);

        for (var step = 0; step < steps; step++)
        {
            var variant = random.Next(1, 4);
            var quantity = random.Next(1, 4);
            StockReservation? reservation = active.Count > 0 ? active[random.Next(active.Count)] : null;
            var op = random.Next(7);
            IReadOnlyList<StockChange> changes;
            try
            {
                changes = op switch
                {
                    0 => StockChanges.ForDisposition(Dispositions[random.Next(Dispositions.Length)], nextLine++, variant, Warehouse, quantity, Money.Eur(1234), "t"),
                    1 => [StockChanges.Reserve($"R{seed}-{step}", 0, new ReturnLine(nextLine++, quantity, 1, null, variant, []), Warehouse, "t")],
                    2 when reservation is not null => [StockChanges.Release(reservation, "t")],
                    3 when reservation is not null => [StockChanges.Ship(reservation, "t")],
                    4 => [StockChanges.Adjust(variant, Warehouse, Buckets[random.Next(Buckets.Length)], random.Next(-6, 7) is var d && d != 0 ? d : 1, "count", "t", $"adj:{step}")],
                    5 => StockChanges.TransferFromRefurbish(variant, Warehouse, random.Next(2) == 0 ? StockBucket.Sellable : StockBucket.OpenBox, quantity, "t", $"tr:{step}"),
                    _ => [StockChanges.Import(variant, Warehouse, StockBucket.Sellable, random.Next(0, 3), "t", $"imp:{step}")],
                };
            }
            catch (DomainException)
            {
                refused++;
                continue;
            }
            var before = levels.ToDictionary(l => l.Key, l => (l.Value.Quantity, l.Value.Reserved));
            try
            {
                var posted = StockPosting.Post(LevelOf, changes, At);
                movements.AddRange(posted);
                if (op == 1)
                {
                    active.Add(new StockReservation(changes[0].Line!, changes[0].VariantId, changes[0].Reserved, At, Warehouse));
                }
                else if (op is 2 or 3 && reservation is not null)
                {
                    active.Remove(reservation);
                }
            }
            catch (DomainException)
            {
                refused++;
                foreach (var (key, level) in levels)
                {
                    (level.Quantity, level.Reserved).ShouldBe(before.GetValueOrDefault(key), $"seed {seed} step {step}: a refused operation changed {key}");
                }
            }
            CheckInvariants(levels, movements, active, $"seed {seed} step {step}");
        }
        return (refused, movements.Count);
    }

    private static void CheckInvariants(Dictionary<StockKey, StockLevel> levels, List<StockMovement> movements, List<StockReservation> active, string where)
    {
        foreach (var (key, level) in levels)
        {
            var mine = movements.Where(m => new StockKey(m.VariantId, m.WarehouseId, m.Bucket) == key).ToList();
            level.Quantity.ShouldBe(mine.Sum(m => m.Quantity), $"{where}: {key} quantity is the sum of its movements");
            level.Reserved.ShouldBe(mine.Sum(m => m.Reserved), $"{where}: {key} reserved is the sum of its movements");
            level.Quantity.ShouldBeGreaterThanOrEqualTo(0, $"{where}: {key} below zero");
            level.Available.ShouldBeGreaterThanOrEqualTo(0, $"{where}: {key} reserves more than it holds");
            if (mine.Count > 0)
            {
                mine[^1].QuantityAfter.ShouldBe(level.Quantity, $"{where}: the last movement of {key} shows the level");
            }
            if (key.Bucket != StockBucket.Sellable)
            {
                level.Reserved.ShouldBe(0, $"{where}: only Sellable is reserved");
            }
        }
        foreach (var variant in levels.Keys.Select(k => k.VariantId).Distinct())
        {
            var reserved = levels.Where(l => l.Key.VariantId == variant).Sum(l => l.Value.Reserved);
            reserved.ShouldBe(active.Where(r => r.VariantId == variant).Sum(r => r.Quantity), $"{where}: reserved units match the active reservations");
        }
    }

    [Fact]
    public void Each_disposition_moves_the_right_bucket_and_write_offs_carry_their_cost()
    {
        Money cost = Money.Eur(1500);
        StockChanges.ForDisposition(Disposition.Restock, 7, 1, Warehouse, 2, cost, "t").ShouldHaveSingleItem()
            .ShouldSatisfyAllConditions(c => c.Bucket.ShouldBe(StockBucket.Sellable), c => c.Quantity.ShouldBe(2), c => c.Key.ShouldBe("disp:7"));
        StockChanges.ForDisposition(Disposition.OpenBox, 7, 1, Warehouse, 1, cost, "t").Single().Bucket.ShouldBe(StockBucket.OpenBox);
        StockChanges.ForDisposition(Disposition.Refurbish, 7, 1, Warehouse, 1, cost, "t").Single().Bucket.ShouldBe(StockBucket.Refurbish);
        StockChanges.ForDisposition(Disposition.ReturnToCustomer, 7, 1, Warehouse, 1, cost, "t").ShouldBeEmpty();
        StockChanges.ForDisposition(Disposition.Restock, 7, 1, Warehouse, 0, cost, "t").ShouldBeEmpty("nothing received, nothing moves");
        foreach (var disposal in new[] { Disposition.Recycle, Disposition.Destroy, Disposition.ReturnToVendor })
        {
            var levels = new Dictionary<StockKey, StockLevel>();
            var moved = StockPosting.Post(k => levels.TryGetValue(k, out var l) ? l : levels[k] = new StockLevel(k.VariantId, k.WarehouseId, k.Bucket),
                StockChanges.ForDisposition(disposal, 7, 1, Warehouse, 2, cost, "t"), At);
            moved.Select(m => (m.Cause, m.Quantity)).ShouldBe([(StockCause.ReturnDisposition, 2), (StockCause.WriteOff, -2)]);
            moved[1].Cost.ShouldBe(Money.Eur(3000));
            moved[1].Note.ShouldBe(disposal.ToString());
            levels.Values.ShouldAllBe(l => l.Quantity == 0, "a written-off item leaves no stock");
        }
    }

    [Fact]
    public void Sellable_stock_never_goes_below_zero_and_says_why()
    {
        var level = new StockLevel(1, Warehouse, StockBucket.Sellable);
        StockPosting.Post(_ => level, [StockChanges.Import(1, Warehouse, StockBucket.Sellable, 1, "t", "i")], At);
        Should.Throw<DomainException>(() => StockPosting.Post(_ => level, [StockChanges.Adjust(1, Warehouse, StockBucket.Sellable, -2, "lost", "t", "a")], At))
            .Code.ShouldBe("stock.sellable_negative");
        StockPosting.Post(_ => level, [StockChanges.Reserve("R1", 0, new ReturnLine(1, 1, 1, null, 1, []), Warehouse, "t")], At);
        Should.Throw<DomainException>(() => StockPosting.Post(_ => level, [StockChanges.Adjust(1, Warehouse, StockBucket.Sellable, -1, "lost", "t", "b")], At))
            .Code.ShouldBe("stock.unavailable", "the only unit is promised to an exchange");
        Should.Throw<DomainException>(() => StockPosting.Post(_ => level, [StockChanges.Reserve("R2", 0, new ReturnLine(2, 1, 1, null, 1, []), Warehouse, "t")], At))
            .Code.ShouldBe("stock.unavailable", "the last unit cannot be reserved twice");
        (level.Quantity, level.Reserved).ShouldBe((1, 1));
    }
}
