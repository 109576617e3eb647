package dev.streamsync.rtsp;

import dev.streamsync.failure.ClassifiedFailure;
import dev.streamsync.failure.FailureKind;

import java.util.Optional;

/**
 * Base of every typed RTSP session failure. Messages and fields never contain credentials: URLs
 * are passed through {@link RtspUrls#redact} before they get here.
 *
 * <p>Threading: the phase is set once by the {@link RtspClient} on its event loop before the
 * exception is handed to anyone (listener or future); after that the object is not modified.
 */
public class RtspException extends Exception implements ClassifiedFailure {
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

    /**
     * The kind of this failure, from its type, status code and {@link #phase() phase}: the one place
     * that maps RTSP exceptions to kinds ({@link FailureKind#of(Throwable)} asks it). Thread-safe once
     * the exception was handed out.
     */
    @Override
    public FailureKind failureKind() {
        if (this instanceof RtspAuthenticationException) {
            return FailureKind.AUTHENTICATION;
        }
        if (this instanceof RtspResponseException r) {
            return switch (r.statusCode()) {
                case 401, 403 -> FailureKind.AUTHENTICATION;
                case 404, 410 -> FailureKind.NOT_FOUND;
                default -> FailureKind.REQUEST_REFUSED;
            };
        }
        if (this instanceof RtspDescriptionException) {
            return FailureKind.UNSUPPORTED_MEDIA;
        }
        RtspPhase p = phase;
        boolean established = p == RtspPhase.NEGOTIATING || p == RtspPhase.PLAYING;
        if (this instanceof RtspTimeoutException) {
            return p == RtspPhase.AWAITING_FIRST_ANSWER ? FailureKind.NOT_RTSP
                    : p == RtspPhase.PLAYING ? FailureKind.STREAM_TIMEOUT : FailureKind.UNREACHABLE_OR_TIMEOUT;
        }
        if (this instanceof RtspLimitException) {
            return established ? FailureKind.LIMIT_EXCEEDED : FailureKind.NOT_RTSP;
        }
        if (this instanceof RtspFramingException) {
            return established ? FailureKind.READ_ERROR : FailureKind.NOT_RTSP;
        }
        if (this instanceof RtspConnectionException) {
            if (p == RtspPhase.AWAITING_FIRST_ANSWER) {
                return FailureKind.NOT_RTSP;
            }
            if (established) {
                return FailureKind.SERVER_ENDED;
            }
            // Not connected (or reported by someone else): the attached socket error says why.
            return FailureKind.ofSocketErrorIn(getCause())
                    .orElse(p == RtspPhase.CONNECTING ? FailureKind.UNREACHABLE_OR_TIMEOUT : FailureKind.OTHER);
        }
        return FailureKind.OTHER;
    }
}
