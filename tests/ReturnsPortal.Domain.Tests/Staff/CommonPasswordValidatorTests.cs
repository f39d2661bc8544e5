using ReturnsPortal.Domain.Staff;

namespace ReturnsPortal.Domain.Tests.Staff;

public sealed class CommonPasswordValidatorTests
{
    [Fact]
    public void The_embedded_list_holds_a_few_hundred_passwords_including_french_ones()
    {
        CommonPasswordValidator.CommonPasswords.Count.ShouldBeGreaterThan(300);
        CommonPasswordValidator.CommonPasswords.ShouldContain("azertyuiop");
        CommonPasswordValidator.CommonPasswords.ShouldContain("motdepasse");
        CommonPasswordValidator.CommonPasswords.ShouldContain("password123456");
    }

    [Theory]
    [InlineData("password123456")]
    [InlineData("PASSWORD123456")]
    [InlineData("azertyuiop12")]
    [InlineData("Motdepasse2026!")]
    [InlineData("!!Bonjour123456")]
    [InlineData("qwertyuiop123")]
    [InlineData("123456789012")]
    [InlineData("marseille13000")]
    public void Common_passwords_and_their_decorated_forms_are_refused(string password)
    {
        var result = CommonPasswordValidator.Validate("someone@example.fr", password);

        result.Succeeded.ShouldBeFalse();
        result.Errors.Select(e => e.Code).ShouldBe([CommonPasswordValidator.CommonCode]);
    }

    [Theory]
    [InlineData("Demo!2026returns")]
    [InlineData("Quiet-harbour-lantern-42")]
    [InlineData("le chat dort sur le radiateur")]
    [InlineData("azertyuiop-maison-bleue")]
    public void Uncommon_passwords_pass(string password) =>
        CommonPasswordValidator.Validate("someone@example.fr", password).Succeeded.ShouldBeTrue();

    [Theory]
    [InlineData("jeanne.dupont@example.fr", "Jeanne.Dupont-2026", false)]
    [InlineData("jeanne.dupont@example.fr", "xxjeanne.dupontxx", false)]
    [InlineData("jeanne.dupont@example.fr", "Jeanne Dupont 2026", true)]
    [InlineData("jo@example.fr", "joyful-morning-tide", true)]
    [InlineData(null, "Quiet-harbour-lantern-42", true)]
    public void A_password_containing_the_email_name_is_refused(string? email, string password, bool accepted)
    {
        var result = CommonPasswordValidator.Validate(email, password);

        result.Succeeded.ShouldBe(accepted);
        if (!accepted)
        {
            result.Errors.Select(e => e.Code).ShouldContain(CommonPasswordValidator.ContainsEmailCode);
        }
    }

    [Fact]
    public void Generated_one_time_passwords_pass_every_rule_and_differ()
    {
        var passwords = Enumerable.Range(0, 200).Select(_ => StaffPasswords.Generate()).ToList();

        passwords.Distinct().Count().ShouldBe(200);
        passwords.ShouldAllBe(p => p.Length == 19 && CommonPasswordValidator.Validate("admin@example.fr", p).Succeeded);
    }
}
