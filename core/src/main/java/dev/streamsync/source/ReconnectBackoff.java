package dev.streamsync.source;

import dev.streamsync.api.FailureKind;

/**
 * How long a broken camera waits before the next connection attempt: capped exponential backoff,
 * with a long fixed wait for failures that retrying cannot fix quickly (wrong credentials, a path
 * the server does not know), so that a misconfigured camera is never hammered.
 *
 * <p>Immutable and thread-safe.
 */
public record ReconnectBackoff(long initialDelayMillis, long maxDelayMillis, long permanentFailureDelayMillis) {

    /** 0.5 s, doubling per consecutive failure up to 30 s; 60 s after authentication failures and "not found". */
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
     * @param kind                the kind of the failure, to recognise the ones retrying does not fix
     */
    public long delayMillis(int consecutiveFailures, FailureKind kind) {
        if (isPermanent(kind)) {
            return permanentFailureDelayMillis;
        }
        int doublings = Math.max(0, Math.min(consecutiveFailures - 1, 30));
        long delay = initialDelayMillis << doublings;
        return delay <= 0 || delay > maxDelayMillis ? maxDelayMillis : delay;
    }

    /** Wrong credentials (401/403) and a path the server does not know (404) do not heal in seconds. */
    static boolean isPermanent(FailureKind kind) {
        return kind == FailureKind.AUTHENTICATION || kind == FailureKind.NOT_FOUND;
    }
}
