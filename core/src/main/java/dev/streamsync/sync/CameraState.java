package dev.streamsync.sync;

/** What the compensator knows about a camera at a given moment. */
public enum CameraState {
    /** No frame yet. */
    CONNECTING,
    /** Delivering synced frames. */
    STREAMING,
    /** Delivered before, silent for longer than the idle timeout: not holding packets back. */
    IDLE,
    /** Its last frames had no clock anchor (arrival time): never mixed into packets. */
    UNSYNCED,
    /**
     * Its frames arrive later after their capture than {@code maxLatency} (see the camera's arrival
     * latency): they miss every packet. Not holding packets back; back to STREAMING when its latency
     * falls below the cap.
     */
    LATE,
    /**
     * Its clock stepped away from the other cameras' (its capture-minus-arrival offset moved by more
     * than the clock-step limit while theirs did not): kept out of packets until it agrees again.
     */
    CLOCK_STEPPED,
    /** Broken session or too many consecutive read errors. */
    BROKEN,
    /** The source will never deliver again (a video file played to its end). */
    ENDED
}
