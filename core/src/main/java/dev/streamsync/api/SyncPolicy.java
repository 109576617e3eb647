package dev.streamsync.api;

/** How frames of different cameras are grouped into packets. */
public enum SyncPolicy {
    /**
     * The reference system's algorithm, for parity: wait until every live camera has a frame, take the
     * newest of the oldest frames as T, and give each camera its last frame at or before T.
     */
    SEED,
    /**
     * The default: each camera contributes its frame nearest to the packet time T within a tolerance
     * (half its frame interval unless configured), no frame twice, T strictly increasing and following
     * the fastest camera; a packet waits at most {@code maxLatency} for slow cameras.
     */
    NEAREST
}
