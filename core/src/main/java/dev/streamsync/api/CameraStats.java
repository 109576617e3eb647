package dev.streamsync.api;

import dev.streamsync.sync.CameraState;

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
public record CameraStats(int cameraIndex, String name, CameraState state, Optional<CameraFailure> failure, double fps,
                          long frames, long framesInPackets, long drops, long lateFrames, long readErrors,
                          Optional<TimestampSource> clockSource, Duration lastFrameAge, Duration arrivalLatency,
                          SourceStats link) {
}
