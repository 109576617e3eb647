package dev.streamsync.source;

import dev.streamsync.sync.CameraState;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamsync.api.Camera;
import dev.streamsync.api.CameraStats;
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
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 10 (2): a camera whose first RTCP sender report comes 10 s after PLAY (real cameras: 5-10 s,
 * VLC about 4.5 s), beside a camera that reports from the start, at 30 fps with the library's
 * defaults. Before, the pictures held for the anchor used up the decoder's pool and the camera ended
 * with "11 consecutive read errors (maxReadErrors 10), last: NO_FREE_PICTURE". Now it is "unsynced"
 * until the report and then joins with frames stamped to the painted capture time.
 */
class LateFirstSenderReportIT {
    private static final int FPS = 30;
    private static final Duration FIRST_REPORT_AFTER = Duration.ofSeconds(10);
    private static final long MAX_TIMESTAMP_ERROR_MICROS = 2_000;

    private final List<SimulatedCamera> cameras = new ArrayList<>();

    @AfterEach
    void stopCameras() {
        cameras.forEach(SimulatedCamera::close);
    }

    private SimulatedCamera camera(boolean reports) {
        SimulatedCamera.Builder b = SimulatedCamera.builder().width(320).height(240).fps(FPS);
        SimulatedCamera cam = (reports ? b.senderReportInterval(Duration.ofSeconds(1)) : b.noSenderReports()).build();
        cameras.add(cam);
        cam.start();
        return cam;
    }

    @Test
    void aCameraWhoseFirstSenderReportComesAfterTenSecondsIsUnsyncedUntilThenAndJoinsWithCorrectStamps() throws Exception {
        SimulatedCamera early = camera(true);
        SimulatedCamera late = camera(false);
        Map<String, Integer> beforeAnchor = new TreeMap<>();
        Map<String, Integer> missedAfterJoin = new TreeMap<>();
        int okAfterJoin = 0;
        int entriesAfterJoin = 0;
        int checked = 0;
        long maxOffsetMicros = 0;
        long joinedAtNanos = 0;
        try (StreamSynchronizer sync = StreamSynchronizer.builder()
                .camera(Camera.of(early.url()))
                .camera(Camera.of(late.url()))
                .framePacketBufferMaxSize(-1)
                .build()) {
            long startNanos = System.nanoTime();
            long reportsAtNanos = startNanos + FIRST_REPORT_AFTER.toNanos();
            boolean reporting = false;
            long endNanos = reportsAtNanos + Duration.ofSeconds(8).toNanos();
            while (System.nanoTime() < endNanos) {
                if (!reporting && System.nanoTime() >= reportsAtNanos) {
                    late.setSenderReportInterval(Duration.ofSeconds(1)); // its first report follows within 0.5 s
                    reporting = true;
                }
                try (FramePacket packet = sync.getFramePacket(Duration.ofSeconds(5))) {
                    FrameData f = packet.get(1);
                    if (joinedAtNanos == 0 && f.status() == FrameStatus.FRAME_OKAY) {
                        joinedAtNanos = System.nanoTime();
                        assertTrue(reporting, "synced before its first sender report: " + f);
                    }
                    if (joinedAtNanos == 0) {
                        beforeAnchor.merge(f.status() + f.reason().map(r -> " (" + r + ")").orElse(""), 1, Integer::sum);
                        assertTrue(f.status() == FrameStatus.FRAME_DROPPED, "while waiting for the anchor: " + f);
                        continue;
                    }
                    if (System.nanoTime() - joinedAtNanos < Duration.ofSeconds(1).toNanos()) {
                        continue; // the held frames and the queue settle
                    }
                    entriesAfterJoin++;
                    if (f.status() != FrameStatus.FRAME_OKAY) {
                        missedAfterJoin.merge(f.status() + f.reason().map(r -> " (" + r + ")").orElse(""), 1, Integer::sum);
                        continue;
                    }
                    okAfterJoin++;
                    maxOffsetMicros = Math.max(maxOffsetMicros, Math.abs(f.offsetFromPacketMicros()));
                    assertEquals(TimestampSource.RTCP_SR, f.timestampSource());
                    ByteBuffer luma = f.view(PixelFormat.GRAY8);
                    long painted = CaptureTimeCode.read(luma, f.width(), f.height(), f.width());
                    assertTrue(painted != CaptureTimeCode.NOT_FOUND, "time code unreadable");
                    long error = f.captureTimeUtcMicros() - painted;
                    assertTrue(Math.abs(error) <= MAX_TIMESTAMP_ERROR_MICROS, "stamped " + f.captureTimeUtcMicros()
                            + " µs, painted " + painted + " µs, error " + error + " µs");
                    checked++;
                }
            }
            CameraStats lateStats = sync.stats().cameras().get(1);
            assertEquals(0, lateStats.readErrors(), "waiting for the anchor is no read error: " + lateStats);
            assertEquals(CameraState.STREAMING, lateStats.state(), lateStats.toString());
        }
        assertTrue(joinedAtNanos > 0, "the late camera never joined; its entries: " + beforeAnchor);
        assertTrue(beforeAnchor.keySet().stream().anyMatch(k -> k.contains("unsynced")),
                "unsynced while waiting: " + beforeAnchor);
        assertTrue(entriesAfterJoin >= 5 * FPS, "packets after the join: " + entriesAfterJoin);
        String summary = okAfterJoin + " of " + entriesAfterJoin + " FRAME_OKAY after the join; the others: " + missedAfterJoin
                + "; largest offset from the packet time " + maxOffsetMicros + " µs";
        System.out.println(summary);
        assertTrue(okAfterJoin >= 0.99 * entriesAfterJoin, summary);
        assertTrue(checked >= 5 * FPS, "frames checked: " + checked);
    }
}
