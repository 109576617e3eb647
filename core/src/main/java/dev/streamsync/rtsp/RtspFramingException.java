package dev.streamsync.rtsp;

/** The byte stream from the server cannot be framed: a size limit was exceeded or a message is unreadable. */
public final class RtspFramingException extends RtspException {
    private static final long serialVersionUID = 1L;

    public RtspFramingException(String message, String url) {
        super(message, url, null);
    }
}
