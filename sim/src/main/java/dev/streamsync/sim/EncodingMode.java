package dev.streamsync.sim;

/** How a simulated camera produces its H.264 stream. */
public enum EncodingMode {
    /**
     * Every frame is rendered, has its capture time painted into the pixels
     * ({@link dev.streamsync.sim.picture.CaptureTimeCode}) and in an SEI
     * ({@link dev.streamsync.sim.h264.CaptureTimeSei}), and is encoded on the camera's encoder thread.
     * Costs one encoder's CPU per camera.
     */
    LIVE,
    /**
     * A loop of a few seconds is encoded once per picture size and frame rate (shared by all cameras
     * of that size) and replayed with fresh RTP timestamps and a fresh capture-time SEI per frame. The
     * pixels carry no capture time. For benchmarks with many high-resolution cameras.
     */
    PRE_ENCODED
}
