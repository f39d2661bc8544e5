namespace ReturnsPortal.Web;

/// <summary>
/// Marker for the shared strings in Resources/SharedResource.resx (English) and SharedResource.fr.resx (French).
/// Every key must exist in both files (a test checks it).
/// </summary>
public sealed class SharedResource;
