namespace ReturnsPortal.Domain.Common;

/// <summary>A business rule refused an operation; <see cref="Code"/> is stable so the UI can localise it.</summary>
public class DomainException : Exception
{
    public DomainException(string message) : base(message) => Code = "domain";
    public DomainException(string code, string message) : base(message) => Code = code;
    public DomainException() : this("A business rule refused the operation.") { }
    public DomainException(string message, Exception innerException) : base(message, innerException) => Code = "domain";

    public string Code { get; }
}
