package dev.streamsync.sync;

/**
 * The synchronizer produces no more packets: it was closed, or it stopped on a configuration error
 * (an initial stream offset above the limit, see {@link #violation()}). Thrown to packet takers.
 */
public final class SyncEndedException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient OffsetViolation violation;

    public SyncEndedException(String message, OffsetViolation violation) {
        super(message);
        this.violation = violation;
    }

    /** The initial-offset violation that stopped the synchronizer, or null when it was closed. */
    public OffsetViolation violation() { return violation; }
}
