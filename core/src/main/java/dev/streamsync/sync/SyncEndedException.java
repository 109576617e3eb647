package dev.streamsync.sync;

/**
 * The synchronizer produces no more packets: it was closed, or it stopped on a configuration error
 * (an initial stream offset above the limit, see {@link #violation()}). Thrown to packet takers.
 */
public final class SyncEndedException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient OffsetViolation violation;
    private final boolean sourcesEnded;

    public SyncEndedException(String message, OffsetViolation violation) {
        this(message, violation, false);
    }

    public SyncEndedException(String message, OffsetViolation violation, boolean sourcesEnded) {
        super(message);
        this.violation = violation;
        this.sourcesEnded = sourcesEnded;
    }

    /** True when every source ended (files played to the end), rather than a close or a violation. */
    public boolean sourcesEnded() { return sourcesEnded; }

    /** The initial-offset violation that stopped the synchronizer, or null when it was closed. */
    public OffsetViolation violation() { return violation; }
}
