package dev.streamsync.sync;

import dev.streamsync.failure.CameraFailure;

import java.util.List;

/**
 * The synchronizer produces no more packets: it was closed, or it stopped on a configuration error
 * (an initial stream offset above the limit, see {@link #violation()}), or every camera failed for
 * good before its first frame (see {@link #failures()}). Thrown to packet takers.
 */
public final class SyncEndedException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient OffsetViolation violation;
    private final boolean sourcesEnded;
    private final transient List<CameraFailure> failures;

    public SyncEndedException(String message, OffsetViolation violation) {
        this(message, violation, false);
    }

    public SyncEndedException(String message, OffsetViolation violation, boolean sourcesEnded) {
        this(message, violation, sourcesEnded, List.of());
    }

    /** Every camera failed for good before delivering a frame; {@code failures} in camera order. */
    public static SyncEndedException camerasFailed(String message, List<CameraFailure> failures) {
        return new SyncEndedException(message, null, false, failures);
    }

    private SyncEndedException(String message, OffsetViolation violation, boolean sourcesEnded, List<CameraFailure> failures) {
        super(message);
        this.violation = violation;
        this.sourcesEnded = sourcesEnded;
        this.failures = List.copyOf(failures);
    }

    /** Each camera's permanent failure when every camera failed for good before its first frame; empty otherwise. */
    public List<CameraFailure> failures() { return failures; }

    /** True when every source ended (files played to the end), rather than a close or a violation. */
    public boolean sourcesEnded() { return sourcesEnded; }

    /** The initial-offset violation that stopped the synchronizer, or null when it was closed. */
    public OffsetViolation violation() { return violation; }
}
