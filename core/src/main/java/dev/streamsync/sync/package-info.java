/**
 * The synchronizer: turns "each camera emits timestamped frames" into "the application gets frame
 * packets".
 *
 * <ul>
 *   <li>{@link dev.streamsync.sync.Compensator}: the pure policy engine ({@code SEED},
 *       {@code NEAREST}); deterministic, no threads, time passed in as {@code nowMicros}.</li>
 *   <li>{@link dev.streamsync.sync.FrameSource} / {@link dev.streamsync.sync.FrameSink}: the SPI a
 *       camera stage (RTSP client + decoder) implements and feeds.</li>
 *   <li>{@link dev.streamsync.sync.SyncRuntime}: one Disruptor ring per camera, one compensator
 *       thread for all cameras, the bounded packet queue.</li>
 * </ul>
 *
 * <p>This package depends on {@code dev.streamsync.api} only for the failure vocabulary sources report
 * and applications read unchanged ({@link dev.streamsync.api.CameraFailure},
 * {@link dev.streamsync.api.FailureKind}); the API wraps everything else.
 */
package dev.streamsync.sync;
