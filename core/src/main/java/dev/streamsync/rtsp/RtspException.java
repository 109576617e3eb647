package dev.streamsync.rtsp;

import java.util.Optional;

/**
 * Base of every typed RTSP session failure. Messages and fields never contain credentials: URLs
 * are passed through {@link RtspUrls#redact} before they get here.
 *
 * <p>Threading: the phase is set once by the {@link RtspClient} on its event loop before the
 * exception is handed to anyone (listener or future); after that the object is not modified.
 */
public class RtspException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String url;
    private RtspPhase phase;

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

    /**
     * How far the session had come when it failed; empty for an exception that no {@link RtspClient}
     * reported (constructed elsewhere).
     */
    public Optional<RtspPhase> phase() {
        return Optional.ofNullable(phase);
    }

    /** Records the phase, once; later calls are ignored (the first report wins). */
    void phase(RtspPhase p) {
        if (phase == null) {
            phase = p;
        }
    }
}
