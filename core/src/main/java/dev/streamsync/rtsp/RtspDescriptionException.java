package dev.streamsync.rtsp;

/** The DESCRIBE answer has no usable session description (not SDP, no supported video track). */
public final class RtspDescriptionException extends RtspException {
    private static final long serialVersionUID = 1L;

    public RtspDescriptionException(String message, String url, Throwable cause) {
        super(message, url, cause);
    }
}
