package dev.streamsync.sim.rtsp;

/**
 * One encoded picture ready to send, shared read-only by every session that plays it.
 *
 * @param accessUnit           Annex B access unit; never modified after construction
 * @param captureTimeUtcMicros true capture time (what the SEI and the painted code carry)
 * @param rtpTimestamp         RTP timestamp of the capture instant on {@code timeline}
 * @param keyframe             whether the unit holds an IDR slice (with SPS and PPS before it)
 * @param timeline             the run this frame belongs to
 */
public record MediaFrame(byte[] accessUnit, long captureTimeUtcMicros, long rtpTimestamp, boolean keyframe,
        RtpTimeline timeline) {
}
