using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ReturnsPortal.Domain.Persistence;

/// <summary>Stamps who and when on audited entities and bumps the concurrency version of aggregates.</summary>
public sealed class AuditInterceptor(TimeProvider clock, IActorAccessor actor) : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Stamp(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Stamp(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void Stamp(DbContext? context)
    {
        if (context is null)
        {
            return;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var who = actor.CurrentActor;
        foreach (var entry in context.ChangeTracker.Entries().ToList())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified) && !HasChangedChildren(entry))
            {
                continue;
            }
            if (entry.Entity is IAudited audited)
            {
                if (entry.State == EntityState.Added)
                {
                    audited.CreatedAt = now;
                    audited.CreatedBy = who;
                }
                audited.UpdatedAt = now;
                audited.UpdatedBy = who;
            }
            if (entry.Entity is IVersioned versioned && entry.State != EntityState.Added)
            {
                versioned.Version++;
                if (entry.State == EntityState.Unchanged)
                {
                    entry.State = EntityState.Modified;
                }
            }
        }
    }

    // An aggregate whose lines changed is itself changed: its version must move so concurrent edits conflict.
    private static bool HasChangedChildren(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry entry) =>
        entry.Entity is IVersioned && entry.Collections.Any(c =>
            c.CurrentValue is not null && c.CurrentValue.Cast<object>().Any(child =>
                entry.Context.Entry(child).State is EntityState.Added or EntityState.Modified or EntityState.Deleted));
}
