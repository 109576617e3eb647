package dev.streamsync.api;

import java.time.Duration;

/**
 * The cameras' clocks disagreed by more than {@code maxInitialStreamOffset} when they started (the
 * reference system's {@code max_initial_stream_offset}); the synchronizer stopped. The offset of a
 * camera is (capture time - local arrival time) of its first synced frame.
 */
public final class InitialStreamOffsetException extends SynchronizerException {
    private static final long serialVersionUID = 1L;
    private final int cameraA;
    private final int cameraB;
    private final Duration offset;

    InitialStreamOffsetException(String message, int cameraA, int cameraB, Duration offset) {
        super(message);
        this.cameraA = cameraA;
        this.cameraB = cameraB;
        this.offset = offset;
    }

    /** Index of the first camera of the pair. */
    public int cameraA() { return cameraA; }
    /** Index of the second camera of the pair. */
    public int cameraB() { return cameraB; }
    /** Their offset (absolute). */
    public Duration offset() { return offset; }
}
