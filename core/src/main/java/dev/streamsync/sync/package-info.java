/**
 * The synchronizer: turns "each camera emits timestamped frames" into "the application gets frame
 * packets".
 *
 * <ul>
 *   <li>{@link dev.streamsync.sync.Compensator}: the pure policy engine ({@code SEED},
 *       {@code NEAREST}); deterministic, no threads, time passed in as {@code nowMicros}.</li>
 *   <li>{@link dev.streamsync.spi.FrameSource} / {@link dev.streamsync.spi.FrameSink}: the SPI a
 *       camera stage (RTSP client + decoder) implements and feeds.</li>
 *   <li>{@link dev.streamsync.sync.SyncRuntime}: one Disruptor ring per camera, one compensator
 *       thread for all cameras, the bounded packet queue.</li>
 * </ul>
 *
 * <p>Layer: above {@code source}, below {@code api}. The failure vocabulary sources report and
 * applications read unchanged ({@link dev.streamsync.failure.CameraFailure},
 * {@link dev.streamsync.failure.FailureKind}) lives in the leaf package {@code dev.streamsync.failure};
 * the API wraps everything else.
 */
package dev.streamsync.sync;
