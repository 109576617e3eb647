package dev.streamsync.source;

import dev.streamsync.failure.FailureKind;
import java.util.concurrent.TimeUnit;

/**
 * How long a broken camera waits before the next connection attempt: capped exponential backoff,
 * with a long fixed wait for failures that retrying cannot fix quickly (wrong credentials, a path
 * the server does not know), so that a misconfigured camera is never hammered.
 *
 * <p>The backoff grows with the failures of a {@link Streak} and starts again from
 * {@link #initialDelayMillis()} only after a session streamed healthily for
 * {@value #HEALTHY_SESSION_MILLIS} ms: a camera that sends one frame and closes, again and again,
 * is retried ever more slowly instead of at a fixed rate.
 *
 * <p>Immutable and thread-safe (a {@link Streak} is not).
 */
public record ReconnectBackoff(long initialDelayMillis, long maxDelayMillis, long permanentFailureDelayMillis) {

    /** 0.5 s, doubling per consecutive failure up to 30 s; 60 s after authentication failures and "not found". */
    public static final ReconnectBackoff DEFAULT = new ReconnectBackoff(500, 30_000, 60_000);

    /** How long a session must deliver frames before its failure no longer counts towards the backoff. */
    public static final long HEALTHY_SESSION_MILLIS = 30_000;

    public ReconnectBackoff {
        if (initialDelayMillis <= 0 || maxDelayMillis < initialDelayMillis || permanentFailureDelayMillis <= 0) {
            throw new IllegalArgumentException("backoff delays must be positive and max >= initial");
        }
    }

    /**
     * Delay before attempt number {@code consecutiveFailures + 1}.
     *
     * @param consecutiveFailures failures since the last healthy session (1 for the first)
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

    /** A new streak of failures for one camera, on this backoff. */
    Streak streak() {
        return new Streak(this);
    }

    /**
     * One camera's consecutive failures. Times are the caller's monotonic clock in nanoseconds, so the
     * rule is tested without waiting. Not thread-safe: the source guards it with its lock.
     */
    static final class Streak {
        private final ReconnectBackoff backoff;
        private int consecutiveFailures;
        private long deliveringSinceNanos;
        private boolean delivering;

        private Streak(ReconnectBackoff backoff) {
            this.backoff = backoff;
        }

        /** The current session delivered its first frame at {@code nowNanos}. Later calls for it are ignored. */
        void sessionDelivering(long nowNanos) {
            if (!delivering) {
                delivering = true;
                deliveringSinceNanos = nowNanos;
            }
        }

        /**
         * The current session failed at {@code nowNanos}: the delay before the next attempt. A session
         * that delivered for {@value #HEALTHY_SESSION_MILLIS} ms or more ends the streak first.
         */
        long sessionFailed(long nowNanos, FailureKind kind) {
            if (delivering && nowNanos - deliveringSinceNanos >= TimeUnit.MILLISECONDS.toNanos(HEALTHY_SESSION_MILLIS)) {
                consecutiveFailures = 0;
            }
            delivering = false;
            consecutiveFailures = Math.min(consecutiveFailures + 1, 1_000);
            return backoff.delayMillis(consecutiveFailures, kind);
        }

        /** Failures in a row since the last healthy session. */
        int consecutiveFailures() {
            return consecutiveFailures;
        }
    }
}
