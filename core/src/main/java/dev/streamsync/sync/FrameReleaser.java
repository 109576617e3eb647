package dev.streamsync.sync;

/**
 * Called by the {@link Compensator} for each frame it gives up (late, superseded, overflowed,
 * unsynced, or discarded at shutdown). Called on the thread that drives the compensator; must not
 * throw.
 */
@FunctionalInterface
public interface FrameReleaser<F> {
    void release(F frame);
}
