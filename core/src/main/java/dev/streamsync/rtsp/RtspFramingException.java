package dev.streamsync.rtsp;

/**
 * The byte stream from the server cannot be framed: a size limit was exceeded ({@link RtspLimitException})
 * or a message is unreadable. Before the first RTSP answer ({@link RtspPhase#AWAITING_FIRST_ANSWER}) this
 * usually means the port is not an RTSP server (an HTTP or SSH server, a TLS port spoken to in plain text).
 */
public class RtspFramingException extends RtspException {
    private static final long serialVersionUID = 1L;

    public RtspFramingException(String message, String url) {
        super(message, url, null);
    }
}
