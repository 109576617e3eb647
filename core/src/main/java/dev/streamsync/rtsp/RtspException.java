package dev.streamsync.rtsp;

/**
 * Base of every typed RTSP session failure. Messages and fields never contain credentials: URLs
 * are passed through {@link RtspUrls#redact} before they get here.
 */
public class RtspException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String url;

    /**
     * @param message what failed
     * @param url     the URL concerned, already without credentials (may be empty)
     * @param cause   the underlying cause, or null
     */
    public RtspException(String message, String url, Throwable cause) {
        super(url == null || url.isEmpty() ? message : message + " (" + url + ")", cause);
        this.url = url == null ? "" : url;
    }

    /** The URL concerned, without credentials; empty when none. */
    public String url() {
        return url;
    }
}
