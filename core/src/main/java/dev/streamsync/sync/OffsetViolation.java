package dev.streamsync.sync;

/**
 * The initial clock offset between two cameras exceeded {@code maxInitialStreamOffset}.
 *
 * <p>The offset of a camera is (capture time - local arrival time) of its first synced frame; the
 * violation is the difference of two cameras' offsets. When first frames arrive together (as in
 * the reference system, which read them in its constructor) this equals the difference of the
 * first frames' timestamps; unlike that, a camera that connects later is not mistaken for one with
 * a wrong clock.
 */
public record OffsetViolation(int cameraA, String nameA, int cameraB, String nameB,
                              long offsetMicros, long limitMicros) {
    /** A message naming both cameras, the offset and the limit. */
    public String message() {
        return String.format("initial stream offset %.3f s between %s (index %d) and %s (index %d) exceeds maxInitialStreamOffset %.3f s",
                offsetMicros / 1e6, nameA, cameraA, nameB, cameraB, limitMicros / 1e6);
    }
}
