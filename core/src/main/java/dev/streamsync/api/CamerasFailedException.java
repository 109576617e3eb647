package dev.streamsync.api;

import dev.streamsync.failure.CameraFailure;
import dev.streamsync.failure.FailureKind;

import java.util.List;

/**
 * Every camera failed for good before delivering a single frame: each is broken with a
 * {@linkplain FailureKind#isPermanent() permanent} kind (wrong credentials, no such stream, unknown
 * host, nothing decodable) or its source ended. Thrown by {@code getFramePacket} instead of blocking
 * forever; the message names each camera and why (never a password). The synchronizer delivers no
 * more packets; close it.
 */
public final class CamerasFailedException extends SynchronizerException {
    private static final long serialVersionUID = 1L;
    private final transient List<CameraFailure> failures;

    CamerasFailedException(String message, List<CameraFailure> failures) {
        super(message);
        this.failures = List.copyOf(failures);
    }

    /** Each camera's failure, in camera order. */
    public List<CameraFailure> failures() {
        return failures;
    }
}
