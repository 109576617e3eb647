package dev.streamsync.sim.rtsp;

/**
 * The run-time adjustable behaviour of one camera: its clock error and the faults it injects.
 * Written by the camera's owner (any thread), read by the encoder thread and the event loop; every
 * field is volatile, a change applies from the next frame or report.
 */
public final class StreamSettings {

    /** Camera clock minus true time, in microseconds: what sender reports and the ONVIF extension are off by. */
    public volatile long clockOffsetMicros;
    /** Extra time every frame is held before it is sent, in microseconds. */
    public volatile long sendDelayMicros;
    /** Upper bound of a uniformly random extra hold per frame, in microseconds (frames are never reordered). */
    public volatile long jitterMicros;
    /** Probability in [0, 1] that an RTP packet is dropped instead of sent (its sequence number is used up). */
    public volatile double packetLossProbability;
    /** Interval between RTCP sender reports in milliseconds; 0 = the camera sends none. */
    public volatile long senderReportIntervalMillis = 2000;
    /** Whether the first RTP packet of every access unit carries the ONVIF header extension. */
    public volatile boolean onvifExtension;

    /** The camera's clock reading, in UTC microseconds, at true time {@code trueUtcMicros}. */
    public long cameraClockMicros(long trueUtcMicros) {
        return trueUtcMicros + clockOffsetMicros;
    }
}
