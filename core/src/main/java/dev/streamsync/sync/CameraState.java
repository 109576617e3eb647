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
    /** Broken session or too many consecutive read errors. */
    BROKEN
}
