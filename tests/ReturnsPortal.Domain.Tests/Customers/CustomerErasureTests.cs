using ReturnsPortal.Domain.Customers;

namespace ReturnsPortal.Domain.Tests.Customers;

/// <summary>How an erasure names the e-mail it erased and what replaces it (ADR 0127), from plain values.</summary>
public sealed class CustomerErasureTests
{
    [Fact]
    public void The_record_names_the_email_by_its_hash_whatever_its_case_and_spaces_never_by_the_email()
    {
        var record = CustomerErasure.Record("  Lea.Martin@Example.FR ", "admin@example.fr", "page", DateTime.UtcNow, 1, 1, 2, 3, 1, 1);

        record.EmailHash.ShouldBe(CustomerErasure.HashOf("lea.martin@example.fr"));
        record.EmailHash.Length.ShouldBe(CustomerErasure.HashLength);
        record.EmailHash.ShouldNotContain("lea", Case.Insensitive);
    }

    [Fact]
    public void The_pseudonym_is_stable_per_email_undeliverable_and_differs_between_customers()
    {
        var pseudonym = CustomerErasure.PseudonymFor("lea.martin@example.fr");

        pseudonym.ShouldMatch("^erased-[0-9a-f]{16}@invalid$");
        CustomerErasure.PseudonymFor(" LEA.MARTIN@example.fr").ShouldBe(pseudonym);
        CustomerErasure.PseudonymFor("paul.durand@example.fr").ShouldNotBe(pseudonym);
    }

    [Fact]
    public void A_record_is_made_at_a_utc_time_by_someone()
    {
        Should.Throw<ArgumentException>(() => CustomerErasure.Record("a@b.fr", "admin", "page", DateTime.Now, 0, 0, 0, 0, 0, 0));
        Should.Throw<ArgumentException>(() => CustomerErasure.Record("a@b.fr", " ", "page", DateTime.UtcNow, 0, 0, 0, 0, 0, 0));
    }

    [Theory]
    [InlineData(" Lea@Example.fr ", "lea@example.fr")]
    [InlineData("pas-un-email", null)]
    [InlineData("@example.fr", null)]
    [InlineData("a b@example.fr", null)]
    [InlineData("", null)]
    public void Only_an_email_is_looked_up(string typed, string? expected) =>
        CustomerPrivacy.Normalise(typed).ShouldBe(expected);
}
