namespace Broadsheet.Media;

/// <summary>
/// An upload the media library will not take. The message is written for the person who uploaded
/// the file and can be shown to them as it is.
/// </summary>
public sealed class MediaRejectedException : Exception
{
    public MediaRejectedException()
        : base("The file could not be used as an image.")
    {
    }

    public MediaRejectedException(string message)
        : base(message)
    {
    }

    public MediaRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
