package dev.streamsync.api;

import dev.streamsync.failure.CameraFailure;

import dev.streamsync.clock.TimestampSource;
import dev.streamsync.spi.SourceStats;

import java.time.Duration;
import java.util.Optional;

/**
 * Counters of one camera at the moment {@link StreamSynchronizer#stats()} was called. Immutable.
 *
 * @param cameraIndex  position in the builder
 * @param name         display name (no credentials)
 * @param state        current state
 * @param failure      why it is broken or ended (kind and message), when {@code state} is BROKEN or ENDED
 * @param fps          frame rate estimated from its capture timestamps
 * @param frames       frames received from the camera's decoder
 * @param framesInPackets frames delivered in packets
 * @param drops        frames given up for any reason other than lateness (ring full, queue overflow,
 *                     superseded, unsynced, out of order)
 * @param lateFrames   frames that arrived behind the packet time (or were passed by it)
 * @param readErrors   read errors reported
 * @param clockSource  timestamp source of its last frame; empty before the first frame
 * @param lastFrameAge time since its last frame reached the synchronizer (since start, before the first)
 * @param arrivalLatency smoothed time from a frame's capture (its UTC timestamp) to its arrival at the
 *                     synchronizer: network, jitter buffer and decoding delay, plus any error of the
 *                     camera's clock (negative when the camera clock runs ahead of the local one)
 * @param link         the source's network and clock statistics: transport, loss, sender reports,
 *                     age of the last one, clock source, drift in ppm, reconnects
 */
public record CameraStats(int cameraIndex, String name, State state, Optional<CameraFailure> failure, double fps,
                          long frames, long framesInPackets, long drops, long lateFrames, long readErrors,
                          Optional<TimestampSource> clockSource, Duration lastFrameAge, Duration arrivalLatency,
                          SourceStats link) {
    /** What the synchronizer knows about the camera. */
    public enum State {
        /** No frame yet. */
        CONNECTING,
        /** Delivering synced frames. */
        STREAMING,
        /** Silent for longer than the idle timeout; not holding packets back. */
        IDLE,
        /** No clock anchor yet: frames are not mixed into packets. */
        UNSYNCED,
        /**
         * Its frames arrive later after capture than maxLatency (see {@link #arrivalLatency()}): they
         * miss every packet and do not hold packets back. Raise maxLatency, or correct its clock.
         */
        LATE,
        /** Its clock stepped away from the other cameras': kept out of packets until it agrees again. */
        CLOCK_STEPPED,
        /** Broken session (being retried) or too many read errors; see {@link #failure()}. */
        BROKEN,
        /** Its source ended for good (a video file played to its end); see {@link #failure()}. */
        ENDED
    }
}
