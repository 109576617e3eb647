package dev.streamsync.source;

import dev.streamsync.sync.CameraState;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamsync.api.Camera;
import dev.streamsync.failure.CameraFailure;
import dev.streamsync.api.CameraStats;
import dev.streamsync.failure.FailureKind;
import dev.streamsync.api.FrameData;
import dev.streamsync.api.FramePacket;
import dev.streamsync.sync.FrameStatus;
import dev.streamsync.api.StreamSynchronizer;
import dev.streamsync.picture.PixelFormat;
import dev.streamsync.clock.TimestampSource;
import dev.streamsync.sim.SimulatedCamera;
import dev.streamsync.sim.picture.CaptureTimeCode;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * End to end over real sockets: simulated cameras (a real RTSP server, libopenh264, honest sender
 * reports) with different network delays and one wrong camera clock, through the RTSP client, the
 * FFmpeg decoder and the synchronizer. Each camera paints the true capture time into its pictures;
 * the test reads it back from the decoded pixels and compares it with the timestamp we derived.
 */
class SynchronizedCamerasIT {
    private static final int WIDTH = 320;
    private static final int HEIGHT = 240;
    private static final int FPS = 25;
    /** The accuracy streamsync promises for cameras with honest sender reports. */
    private static final long MAX_TIMESTAMP_ERROR_MICROS = 2_000;
    private static final Duration CAMERA_2_CLOCK_OFFSET = Duration.ofMillis(300);

    private final List<SimulatedCamera> cameras = new ArrayList<>();

    @AfterEach
    void stopCameras() {
        cameras.forEach(SimulatedCamera::close);
    }

    private SimulatedCamera camera(Duration sendDelay, Duration clockOffset) {
        SimulatedCamera cam = SimulatedCamera.builder().width(WIDTH).height(HEIGHT).fps(FPS)
                .sendDelay(sendDelay).clockOffset(clockOffset)
                .senderReportInterval(Duration.ofSeconds(1)).build();
        cameras.add(cam);
        cam.start();
        return cam;
    }

    @Test
    void everyFrameIsStampedWithItsPaintedCaptureTimeAndPacketsAreWithinTolerance() throws Exception {
        SimulatedCamera c0 = camera(Duration.ZERO, Duration.ZERO);
        SimulatedCamera c1 = camera(Duration.ofMillis(150), Duration.ZERO);
        SimulatedCamera c2 = camera(Duration.ofMillis(400), CAMERA_2_CLOCK_OFFSET);

        int checkedFrames = 0;
        int packets = 0;
        java.util.Map<String, Integer> statuses = new java.util.TreeMap<>();
        // The Compensator's rule for same-rate cameras: a matched frame is at most 5/8 of an interval
        // from the packet time (the phase hysteresis that keeps a camera near half an interval from
        // flipping between packets) plus its capture jitter (the simulated cameras': well under 1 ms).
        long toleranceMicros = 1_000_000L / FPS * 5 / 8 + 1_000;
        try (StreamSynchronizer sync = StreamSynchronizer.builder()
                .camera(Camera.of(c0.url()))
                .camera(Camera.of(c1.url()))
                // This camera's clock runs 300 ms ahead; the configured offset brings it back.
                .camera(Camera.of(c2.url()).timestampOffset(CAMERA_2_CLOCK_OFFSET.negated()))
                .framePacketBufferMaxSize(-1)
                .build()) {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (packets < 75 && System.nanoTime() < deadline) {
                try (FramePacket packet = sync.getFramePacket(Duration.ofSeconds(5))) {
                    boolean complete = true;
                    for (FrameData f : packet) {
                        if (f.status() != FrameStatus.FRAME_OKAY) {
                            complete = false;
                            statuses.merge("camera " + f.cameraIndex() + " " + f.status() + f.reason().map(r -> " (" + r + ")").orElse(""), 1, Integer::sum);
                            continue;
                        }
                        assertEquals(TimestampSource.RTCP_SR, f.timestampSource(), "camera " + f.cameraIndex());
                        ByteBuffer luma = f.view(PixelFormat.GRAY8);
                        long painted = CaptureTimeCode.read(luma, f.width(), f.height(), f.width());
                        assertTrue(painted != CaptureTimeCode.NOT_FOUND, "time code unreadable, camera " + f.cameraIndex());
                        long error = f.captureTimeUtcMicros() - painted;
                        assertTrue(Math.abs(error) <= MAX_TIMESTAMP_ERROR_MICROS,
                                "camera " + f.cameraIndex() + ": stamped " + f.captureTimeUtcMicros()
                                        + " µs, painted " + painted + " µs, error " + error + " µs");
                        assertTrue(Math.abs(f.offsetFromPacketMicros()) <= toleranceMicros,
                                "camera " + f.cameraIndex() + " is " + f.offsetFromPacketMicros() + " µs from the packet time");
                        checkedFrames++;
                    }
                    if (complete) {
                        packets++;
                    }
                }
            }
            for (dev.streamsync.api.CameraStats cs : sync.stats().cameras()) {
                assertEquals(java.util.Optional.of("TCP"), cs.link().transport(), cs.toString());
                assertEquals(java.util.Optional.of(TimestampSource.RTCP_SR), cs.link().clockSource(), cs.toString());
                assertTrue(cs.link().senderReports() >= 1 && cs.link().rtpPackets() > 0, cs.toString());
                assertTrue(cs.arrivalLatency().toMillis() >= 0 && cs.arrivalLatency().toMillis() < 1_000, cs.toString());
            }
        }
        assertTrue(packets >= 75, "complete packets: " + packets + "; incomplete entries: " + statuses);
        assertTrue(checkedFrames >= 3 * 75, "frames checked: " + checkedFrames);
    }

    @Test
    void aCameraThatGoesDownIsReportedBrokenAndRecoversWithoutLeakingThreads() throws Exception {
        SimulatedCamera c0 = camera(Duration.ZERO, Duration.ZERO);
        SimulatedCamera c1 = camera(Duration.ofMillis(150), Duration.ZERO);
        int threadsBefore = streamsyncThreads();

        StreamSynchronizer sync = StreamSynchronizer.builder()
                .camera(Camera.of(c0.url()))
                .camera(Camera.of(c1.url()))
                // A short idle timeout keeps the test short; it must exceed maxLatency (a builder rule).
                .maxLatency(Duration.ofMillis(500))
                .idleTimeout(Duration.ofSeconds(1))
                .build();
        try {
            awaitStatus(sync, 1, FrameStatus.FRAME_OKAY, Duration.ofSeconds(15));
            Thread decoderBefore = decoderThread("cam1");

            c1.stop();
            FrameData brokenFrame = awaitStatus(sync, 1, FrameStatus.CAP_BROKEN, Duration.ofSeconds(15));
            assertTrue(brokenFrame.reason().isPresent(), "a broken camera carries its reason");
            assertEquals(brokenFrame.reason(), brokenFrame.failure().map(CameraFailure::message), "and its failure, with the same text");
            // The other camera keeps delivering during the outage.
            awaitStatus(sync, 0, FrameStatus.FRAME_OKAY, Duration.ofSeconds(5));

            c1.start();
            awaitStatus(sync, 1, FrameStatus.FRAME_OKAY, Duration.ofSeconds(20));
            assertTrue(sync.stats().cameras().get(1).link().reconnects() >= 1, "the recovery took a new session");
            assertSame(decoderBefore, decoderThread("cam1"), "the new session decodes on the camera's thread");
        } finally {
            long closeStart = System.nanoTime();
            sync.close();
            long closeMillis = (System.nanoTime() - closeStart) / 1_000_000;
            // DESIGN.md: close() returns promptly (TEARDOWN sent, threads joined, native memory freed).
            assertTrue(closeMillis < 2_000, "close() took " + closeMillis + " ms");
        }
        // Decoder, connector and I/O threads of the synchronizer are gone after close().
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (streamsyncThreads() > threadsBefore && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(threadsBefore, streamsyncThreads(), "threads left: " + threadNames());
    }

    @Test
    void brokenCamerasSayWhatKindOfFailureBrokeThem() throws Exception {
        SimulatedCamera good = camera(Duration.ZERO, Duration.ZERO);
        SimulatedCamera locked = SimulatedCamera.builder().width(WIDTH).height(HEIGHT).fps(FPS).credentials("admin", "right-pass").build();
        cameras.add(locked);
        locked.start();
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        try (StreamSynchronizer sync = StreamSynchronizer.builder()
                .camera(Camera.of(good.url()))
                .camera(Camera.of("rtsp://admin:wrong-pass@127.0.0.1:" + locked.port() + "/cam"))
                .camera(Camera.of("rtsp://127.0.0.1:" + closedPort + "/cam"))
                .build()) {
            FrameData auth = awaitStatus(sync, 1, FrameStatus.CAP_BROKEN, Duration.ofSeconds(15));
            assertEquals(FailureKind.AUTHENTICATION, auth.failure().orElseThrow().kind(), auth.toString());
            assertFalse(auth.reason().orElseThrow().contains("wrong-pass"), auth.toString());
            FrameData refused = awaitStatus(sync, 2, FrameStatus.CAP_BROKEN, Duration.ofSeconds(15));
            assertEquals(FailureKind.CONNECTION_REFUSED, refused.failure().orElseThrow().kind(), refused.toString());
            CameraStats stats = sync.stats().cameras().get(1);
            assertEquals(CameraState.BROKEN, stats.state());
            assertEquals(FailureKind.AUTHENTICATION, stats.failure().orElseThrow().kind());
        }
    }

    /** Reads packets until camera {@code index} has {@code status}; returns that frame's data (packet closed). */
    private static FrameData awaitStatus(StreamSynchronizer sync, int index, FrameStatus status, Duration timeout)
            throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<FrameStatus> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            try (FramePacket packet = sync.getFramePacket(Duration.ofSeconds(5))) {
                FrameData f = packet.get(index);
                if (seen.isEmpty() || seen.get(seen.size() - 1) != f.status()) {
                    seen.add(f.status());
                }
                if (f.status() == status) {
                    return f;
                }
            }
        }
        throw new AssertionError("camera " + index + " never reported " + status + "; statuses seen: " + seen);
    }

    private static Thread decoderThread(String camera) {
        List<Thread> found = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("streamsync-decode-" + camera)).toList();
        assertEquals(1, found.size(), "decoder threads of " + camera + ": " + found);
        return found.get(0);
    }

    private static int streamsyncThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("streamsync-")).count();
    }

    private static List<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName).filter(n -> n.startsWith("streamsync-")).sorted().toList();
    }
}
