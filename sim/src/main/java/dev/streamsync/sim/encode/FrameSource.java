package dev.streamsync.sim.encode;

/**
 * Produces the camera's access units, one per call, each stamped with the given capture time.
 * Not thread-safe: used by the camera's encoder thread only. Closing frees native memory.
 */
public interface FrameSource extends AutoCloseable {

    /**
     * The next access unit in Annex B format, carrying {@code captureTimeUtcMicros} in a
     * {@link dev.streamsync.sim.h264.CaptureTimeSei} (and, for live sources, in the pixels).
     *
     * @param forceKeyframe make it an IDR if the source can (a live encoder can, a loop cannot)
     * @return the access unit, or null if the encoder produced none this time
     */
    byte[] next(long captureTimeUtcMicros, boolean forceKeyframe);

    /** Sequence parameter set NAL unit (no start code). */
    byte[] sps();

    /** Picture parameter set NAL unit (no start code). */
    byte[] pps();

    @Override
    void close();
}
