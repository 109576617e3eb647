package dev.streamsync.rtsp;

/** The TCP/TLS connection could not be made or was lost. */
public final class RtspConnectionException extends RtspException {
    private static final long serialVersionUID = 1L;

    public RtspConnectionException(String message, String url, Throwable cause) {
        super(message, url, cause);
    }
}
