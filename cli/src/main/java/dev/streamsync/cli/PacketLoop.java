package dev.streamsync.cli;

import dev.streamsync.api.CameraFailure;
import dev.streamsync.api.CameraStats;
import dev.streamsync.api.CamerasFailedException;
import dev.streamsync.api.FailureKind;
import dev.streamsync.api.FrameData;
import dev.streamsync.api.FramePacket;
import dev.streamsync.api.FrameStatus;
import dev.streamsync.api.StreamSynchronizer;
import dev.streamsync.api.StreamsEndedException;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Takes packets from a synchronizer until a time limit, a packet count or a stop request, hands each
 * to a {@link PacketHandler} and closes it, and counts per camera how often it was FRAME_OKAY.
 *
 * <p>Start-up failures: a camera that is broken before it ever delivered a frame (wrong password,
 * nothing listening, not an RTSP server ...) ends the loop with a {@link CliException} carrying one
 * line that says which camera and why (see {@link ErrorMessages#brokenCamera}). A camera that breaks
 * later is reported in the packets (CAP_BROKEN) and retried by the library; the loop goes on.
 *
 * <p>Warm-up: cameras start at different moments and a camera that has not delivered yet does not hold
 * packets back, so the first packets lack the slower cameras. Packets up to the first one in which
 * every camera has a frame are counted apart ({@link #warmUpPackets()}) and left out of the
 * FRAME_OKAY shares; they are still handed to the handler (the table shows them).
 *
 * <p>Threading: {@link #run} on one thread; {@link #requestStop()} from any thread.
 */
final class PacketLoop {
    private static final long POLL_MILLIS = 200;

    private final StreamSynchronizer sync;
    private final long[] okay;
    private long handled;
    private long packets;
    private long warmUpPackets;
    private boolean warm;
    private volatile boolean stopRequested;

    PacketLoop(StreamSynchronizer sync) {
        this.sync = sync;
        this.okay = new long[sync.cameras().size()];
    }

    /**
     * Runs until {@code duration} passed (null: no limit), {@code maxPackets} packets were handled
     * (0: no limit), {@code stop} says so or {@link #requestStop()} was called.
     */
    void run(Duration duration, long maxPackets, PacketHandler handler, BooleanSupplier stop) throws Exception {
        long deadline = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
        long nextCheck = 0;
        while (!stopRequested && !stop.getAsBoolean() && (maxPackets <= 0 || handled < maxPackets)) {
            long now = System.nanoTime();
            if (now - deadline >= 0) {
                break;
            }
            if (now - nextCheck >= 0) {
                failOnStartupBreak();
                nextCheck = now + POLL_MILLIS * 1_000_000L;
            }
            long waitNanos = Math.min(POLL_MILLIS * 1_000_000L, deadline - now);
            FramePacket packet;
            try {
                packet = sync.getFramePacket(Duration.ofNanos(waitNanos));
            } catch (TimeoutException e) {
                continue;
            } catch (StreamsEndedException e) {
                return; // every source ended for good (video files played to their end): a normal end
            } catch (CamerasFailedException e) {
                // Every camera failed for good before its first frame: the first one's line says why.
                for (int i = 0; i < e.failures().size(); i++) {
                    if (e.failures().get(i) != null) {
                        throw new CliException(ErrorMessages.brokenCamera(i, sync.cameras().get(i), e.failures().get(i)));
                    }
                }
                throw e;
            }
            try (packet) {
                handled++;
                if (!warm) {
                    warm = true;
                    for (FrameData f : packet) {
                        warm &= f.status() == FrameStatus.FRAME_OKAY;
                    }
                }
                if (warm) {
                    packets++;
                    for (FrameData f : packet) {
                        if (f.status() == FrameStatus.FRAME_OKAY) {
                            okay[f.cameraIndex()]++;
                        }
                    }
                } else {
                    warmUpPackets++;
                }
                handler.onPacket(packet);
            }
        }
    }

    /** Asks {@link #run} to return after the packet in hand. */
    void requestStop() {
        stopRequested = true;
    }

    private void failOnStartupBreak() {
        for (CameraStats c : sync.stats().cameras()) {
            if (c.state() == CameraStats.State.BROKEN && c.frames() == 0) {
                throw new CliException(ErrorMessages.brokenCamera(c.cameraIndex(), sync.cameras().get(c.cameraIndex()),
                        c.failure().orElse(new CameraFailure(FailureKind.OTHER, "broken"))));
            }
        }
    }

    /** Packets since the first one with a frame from every camera (that one included). */
    long packets() {
        return packets;
    }

    /** Packets before the first one with a frame from every camera. */
    long warmUpPackets() {
        return warmUpPackets;
    }

    /** All packets handed to the handler. */
    long handled() {
        return handled;
    }

    /** Packets (after the warm-up) in which camera {@code i} had a frame. */
    long okay(int i) {
        return okay[i];
    }
}
