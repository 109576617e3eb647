package dev.streamsync.source;

import dev.streamsync.rtsp.RtspAuthenticationException;
import dev.streamsync.rtsp.RtspResponseException;

/**
 * How long a broken camera waits before the next connection attempt: capped exponential backoff,
 * with a long fixed wait for failures that retrying cannot fix quickly (wrong credentials, a path
 * the server does not know), so that a misconfigured camera is never hammered.
 *
 * <p>Immutable and thread-safe.
 */
public record ReconnectBackoff(long initialDelayMillis, long maxDelayMillis, long permanentFailureDelayMillis) {

    /** 0.5 s, doubling per consecutive failure up to 30 s; 60 s after 401/403/404. */
    public static final ReconnectBackoff DEFAULT = new ReconnectBackoff(500, 30_000, 60_000);

    public ReconnectBackoff {
        if (initialDelayMillis <= 0 || maxDelayMillis < initialDelayMillis || permanentFailureDelayMillis <= 0) {
            throw new IllegalArgumentException("backoff delays must be positive and max >= initial");
        }
    }

    /**
     * Delay before attempt number {@code consecutiveFailures + 1}.
     *
     * @param consecutiveFailures failures since the last session that delivered a frame (1 for the first)
     * @param cause               the failure, to recognise the ones retrying does not fix
     */
    public long delayMillis(int consecutiveFailures, Throwable cause) {
        if (isPermanent(cause)) {
            return permanentFailureDelayMillis;
        }
        int doublings = Math.max(0, Math.min(consecutiveFailures - 1, 30));
        long delay = initialDelayMillis << doublings;
        return delay <= 0 || delay > maxDelayMillis ? maxDelayMillis : delay;
    }

    /** Authentication failures and "not found" do not heal in seconds. */
    static boolean isPermanent(Throwable cause) {
        if (cause instanceof RtspAuthenticationException) {
            return true;
        }
        if (cause instanceof RtspResponseException r) {
            int status = r.statusCode();
            return status == 401 || status == 403 || status == 404;
        }
        return false;
    }
}
