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
 * <p>This package does not depend on {@code dev.streamsync.api}; the API wraps it.
 */
package dev.streamsync.sync;
