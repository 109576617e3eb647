package dev.streamsync.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamsync.api.Camera;
import dev.streamsync.api.CameraStats;
import dev.streamsync.sync.FrameStatus;
import dev.streamsync.api.StreamSynchronizer;
import dev.streamsync.rtsp.RtspTransport;
import dev.streamsync.clock.TimestampSource;
import dev.streamsync.rtsp.GstRtspServerProcess;
import dev.streamsync.rtsp.RtspDescribe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The synchronizer, with its default options, against GStreamer's RTSP server (Debian 12, 1.22) in
 * the conditions real cameras create (issue 10): a camera 1.5 s behind, a first sender report 9 s
 * after PLAY, capture phases at half a frame interval with capture jitter and drifting through it, a
 * camera already streaming to another client that we join mid-GOP with no parameter sets in its SDP,
 * and a minute over TCP.
 *
 * <p>Each server prints the capture time it encoded into every frame (see gst_rtsp_server.py); every
 * frame the synchronizer hands out must be stamped within 2 ms of it, and each camera must be
 * FRAME_OKAY in at least 99 % of the packets after its first frame. Each test first checks, from what
 * the server printed, that the condition it is about really happened (the delay, the late report,
 * the phases, the GOP).
 *
 * <p>All cameras run at 25 fps on the UTC frame grid (the server's {@code --phase-us}), so that each
 * test is about its condition only; camera 0 of most tests is one shared server at phase 0. The first
 * sender report of each session is dropped ({@code --drop-first-sr}): GStreamer sends it before its
 * pipeline latency is known and it is 20-75 ms off the capture time; every later one is exact.
 */
class GstreamerServerSyncIT {
    static final int FPS = 25;
    static final long INTERVAL_MICROS = 1_000_000L / FPS;
    /** The accuracy streamsync promises for cameras whose sender reports state the capture time. */
    static final long MAX_TIMESTAMP_ERROR_MICROS = 2_000;
    static final double MIN_OKAY_SHARE = 0.99;
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

    /** Camera 0 of most tests: on time, phase 0, no jitter. */
    private static GstRtspServerProcess onTime;

    @BeforeAll
    static void startOnTimeCamera() throws Exception {
        onTime = GstRtspServerProcess.start(cameraArgs(0));
    }

    @AfterAll
    static void stopOnTimeCamera() throws InterruptedException {
        if (onTime != null) {
            onTime.close();
        }
    }

    /** Server arguments of a 25 fps camera capturing {@code phaseMicros} past the UTC frame grid. */
    static String[] cameraArgs(long phaseMicros, String... more) {
        List<String> args = new ArrayList<>(List.of("--fps", String.valueOf(FPS), "--drop-first-sr",
                "--phase-us", String.valueOf(phaseMicros)));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void aCameraOneAndAHalfSecondsBehindIsInEveryPacketWithTheDefaultOptions() throws Exception {
        try (GstRtspServerProcess behind = GstRtspServerProcess.start(cameraArgs(8_000, "--send-delay-ms", "1500"))) {
            PacketLog log = new PacketLog(2);
            List<CameraStats> stats;
            try (StreamSynchronizer sync = StreamSynchronizer.builder().camera(onTime.url()).camera(behind.url()).build()) {
                log.readFor(sync, Duration.ofSeconds(18), CALL_TIMEOUT);
                stats = sync.stats().cameras();
            }
            // The condition: the server sent camera 1's frames 1.5 s after their capture (all but the
            // first, which a live GStreamer pipeline lets through at PLAY).
            assertSendDelayAtLeast(behind, 1_450_000);
            assertSenderReportsStateCaptureTime(behind);

            List<String> problems = new ArrayList<>();
            log.checkOkayShareAfterFirstFrame(0, MIN_OKAY_SHARE, 300, problems);
            log.checkOkayShareAfterFirstFrame(1, MIN_OKAY_SHARE, 300, problems);
            log.checkCaptureTimes(0, onTime::captureUtcNanos, MAX_TIMESTAMP_ERROR_MICROS, TimestampSource.RTCP_SR, problems);
            log.checkCaptureTimes(1, behind::captureUtcNanos, MAX_TIMESTAMP_ERROR_MICROS, TimestampSource.RTCP_SR, problems);
            log.checkEachFrameOnce(1, problems);
            log.checkNoPacketDropped(problems);
            if (stats.get(1).arrivalLatency().toMillis() < 1_400) {
                problems.add("camera 1's arrival latency measured " + stats.get(1).arrivalLatency().toMillis() + " ms, not >= 1400 ms");
            }
            assertNoProblems(problems, log, stats);
        }
    }

    /**
     * Issue 10, #1: a camera further behind than the default cap (2 s) is not dropped silently: its
     * state is LATE, its entries say how late it arrived and what the cap is, and it does not hold the
     * others back (camera 0 stays FRAME_OKAY with exact stamps).
     */
    @Test
    void aCameraTwoAndAHalfSecondsBehindIsReportedLateWithItsLatencyAndDoesNotHoldTheOtherBack() throws Exception {
        try (GstRtspServerProcess tooLate = GstRtspServerProcess.start(cameraArgs(8_000, "--send-delay-ms", "2500"))) {
            PacketLog log = new PacketLog(2);
            List<CameraStats> stats;
            try (StreamSynchronizer sync = StreamSynchronizer.builder().camera(onTime.url()).camera(tooLate.url()).build()) {
                log.readFor(sync, Duration.ofSeconds(14), CALL_TIMEOUT);
                stats = sync.stats().cameras();
            }
            assertSendDelayAtLeast(tooLate, 2_450_000);

            List<String> problems = new ArrayList<>();
            log.checkOkayShareAfterFirstFrame(0, MIN_OKAY_SHARE, 250, problems);
            log.checkCaptureTimes(0, onTime::captureUtcNanos, MAX_TIMESTAMP_ERROR_MICROS, TimestampSource.RTCP_SR, problems);
            if (stats.get(1).state() != dev.streamsync.sync.CameraState.LATE) {
                problems.add("camera 1 is " + stats.get(1).state() + ", not LATE");
            }
            // Its entries in the last 5 s (125 packets) name the measured latency and the cap.
            int from = Math.max(0, log.packets().size() - 125);
            java.util.regex.Pattern late = java.util.regex.Pattern.compile(
                    "late: arrived (\\d+) ms after capture, maxLatency " + StreamSynchronizer.DEFAULT_MAX_LATENCY_MILLIS + " ms");
            for (int i = from; i < log.packets().size(); i++) {
                PacketLog.Entry e = log.packets().get(i).entries()[1];
                java.util.regex.Matcher m = late.matcher(e.reason() == null ? "" : e.reason());
                if (e.okay() || !m.find() || Long.parseLong(m.group(1)) < 2_400 || Long.parseLong(m.group(1)) > 3_000) {
                    problems.add("camera 1's entry in packet #" + log.packets().get(i).sequence() + " is " + e.kind()
                            + ", not 'late: arrived ~2500 ms after capture, maxLatency 2000 ms'");
                    break;
                }
            }
            assertNoProblems(problems, log, stats);
        }
    }

    @Test
    void aCameraWhoseFirstSenderReportComesNineSecondsAfterPlayIsUnsyncedUntilThenAndThenInEveryPacket() throws Exception {
        try (GstRtspServerProcess lateClock = GstRtspServerProcess.start(cameraArgs(8_000, "--first-sr-after-ms", "9000"))) {
            PacketLog log = new PacketLog(2);
            List<CameraStats> stats;
            long started = System.nanoTime();
            try (StreamSynchronizer sync = StreamSynchronizer.builder().camera(onTime.url()).camera(lateClock.url()).build()) {
                log.readFor(sync, Duration.ofSeconds(19), CALL_TIMEOUT);
                stats = sync.stats().cameras();
            }
            // The condition: no sender report for at least 8 s after PLAY. (rtcp-min-interval 16 s alone, as
            // in the issue, is random: first SR 5.7, 7.6 and 0.0 s (then 9.6 s) after PLAY in three runs;
            // so the server drops SRs until 9 s after PLAY.)
            assertEquals(1, lateClock.plays().size(), "PLAY requests: " + lateClock.plays());
            assertFalse(lateClock.senderReports().isEmpty(), "the server never sent a sender report");
            long firstSrMillis = (lateClock.senderReports().get(0).sentUtcNanos() - lateClock.plays().get(0)) / 1_000_000;
            assertTrue(firstSrMillis >= 8_000, "first sender report " + firstSrMillis + " ms after PLAY");
            assertSenderReportsStateCaptureTime(lateClock);

            List<String> problems = new ArrayList<>();
            log.checkOkayShareAfterFirstFrame(0, MIN_OKAY_SHARE, 350, problems);
            log.checkOkayShareAfterFirstFrame(1, MIN_OKAY_SHARE, 150, problems);
            // Before its anchor the camera is reported unsynced (allowing 3 s to connect and decode a first picture).
            int firstFrame = log.firstOkay(1);
            int connected = log.firstReadAtOrAfter(started + TimeUnit.SECONDS.toNanos(3));
            Map<String, Integer> before = log.kinds(1, connected, firstFrame < 0 ? log.packets().size() : firstFrame);
            before.keySet().stream().filter(k -> !k.startsWith(FrameStatus.FRAME_DROPPED + " (unsynced"))
                    .forEach(k -> problems.add("camera 1 before its clock anchor (from 3 s after start): " + before.get(k)
                            + " entries " + k + " (wanted FRAME_DROPPED unsynced)"));
            log.checkNoStatus(1, problems, FrameStatus.FRAME_READ_ERROR, FrameStatus.CAP_BROKEN);
            if (stats.get(1).readErrors() != 0) {
                problems.add("camera 1 counted " + stats.get(1).readErrors() + " read errors while waiting for its clock anchor");
            }
            log.checkCaptureTimes(0, onTime::captureUtcNanos, MAX_TIMESTAMP_ERROR_MICROS, TimestampSource.RTCP_SR, problems);
            log.checkCaptureTimes(1, lateClock::captureUtcNanos, MAX_TIMESTAMP_ERROR_MICROS, TimestampSource.RTCP_SR, problems);
            log.checkEachFrameOnce(1, problems);
            log.checkNoPacketDropped(problems);
            assertNoProblems(problems, log, stats);
        }
    }

    @Test
    void camerasCapturingAtHalfAnIntervalWithOneMillisecondOfJitterAreInEveryPacketOnce() throws Exception {
        long[] phasesMicros = {0, 19_800, 20_300};
        long jitterMicros = 1_000;
        List<GstRtspServerProcess> servers = new ArrayList<>();
        try {
            StreamSynchronizer.Builder b = StreamSynchronizer.builder();
            for (long phase : phasesMicros) {
                GstRtspServerProcess s = GstRtspServerProcess.start(cameraArgs(phase, "--jitter-us", String.valueOf(jitterMicros)));
                servers.add(s);
                b.camera(s.url());
            }
            PacketLog log = new PacketLog(servers.size());
            List<CameraStats> stats;
            try (StreamSynchronizer sync = b.build()) {
                log.readFor(sync, Duration.ofSeconds(16), CALL_TIMEOUT);
                stats = sync.stats().cameras();
            }
            for (int c = 0; c < servers.size(); c++) {
                assertPhases(servers.get(c), phasesMicros[c], jitterMicros);
                assertSenderReportsStateCaptureTime(servers.get(c));
            }
            List<String> problems = new ArrayList<>();
            for (int c = 0; c < servers.size(); c++) {
                log.checkOkayShareAfterFirstFrame(c, MIN_OKAY_SHARE, 300, problems);
                log.checkCaptureTimes(c, servers.get(c)::captureUtcNanos, MAX_TIMESTAMP_ERROR_MICROS, TimestampSource.RTCP_SR, problems);
                log.checkEachFrameOnce(c, problems);
            }
            log.checkPacketTimes(INTERVAL_MICROS / 2, problems);
            assertNoProblems(problems, log, stats);
        } finally {
            for (GstRtspServerProcess s : servers) {
                s.close();
            }
        }
    }

    @Test
    void aCameraWhosePhaseDriftsThroughHalfAnIntervalIsInEveryPacketOnce() throws Exception {
        // 500 ppm fast: the phase moves 20 µs per frame, 10 ms in 20 s, from 14 ms through 20 ms.
        try (GstRtspServerProcess drifting = GstRtspServerProcess.start(cameraArgs(14_000, "--rate-ppm", "500",
                "--jitter-us", "1000"))) {
            PacketLog log = new PacketLog(2);
            List<CameraStats> stats;
            try (StreamSynchronizer sync = StreamSynchronizer.builder().camera(onTime.url()).camera(drifting.url()).build()) {
                log.readFor(sync, Duration.ofSeconds(22), CALL_TIMEOUT);
                stats = sync.stats().cameras();
            }
            // The condition: while the synchronizer read it, the phase went through half an interval.
            List<Long> phases = steadyFrames(drifting).stream()
                    .map(f -> Math.floorMod(f.captureUtcNanos(), 1_000_000_000L / FPS) / 1000).toList();
            assertTrue(phases.size() >= 300, "frames of camera 1: " + phases.size());
            double early = mean(phases.subList(0, 50));
            double late = mean(phases.subList(phases.size() - 50, phases.size()));
            assertTrue(early < INTERVAL_MICROS / 2.0 - 1_500 && late > INTERVAL_MICROS / 2.0 + 1_500,
                    "camera 1's phase went from " + early + " µs to " + late + " µs, not through " + INTERVAL_MICROS / 2 + " µs");
            assertSenderReportsStateCaptureTime(drifting);

            List<String> problems = new ArrayList<>();
            for (int c = 0; c < 2; c++) {
                log.checkOkayShareAfterFirstFrame(c, MIN_OKAY_SHARE, 400, problems);
                log.checkEachFrameOnce(c, problems);
            }
            log.checkCaptureTimes(0, onTime::captureUtcNanos, MAX_TIMESTAMP_ERROR_MICROS, TimestampSource.RTCP_SR, problems);
            log.checkCaptureTimes(1, drifting::captureUtcNanos, MAX_TIMESTAMP_ERROR_MICROS, TimestampSource.RTCP_SR, problems);
            log.checkPacketTimes(INTERVAL_MICROS / 2, problems);
            assertNoProblems(problems, log, stats);
        }
    }

    @Test
    void aCameraJoinedMidGopWithoutSpropStartsAtItsNextKeyframeWithoutReadErrors() throws Exception {
        int gopFrames = 3 * FPS;
        try (GstRtspServerProcess shared = GstRtspServerProcess.start(cameraArgs(8_000, "--shared", "--no-sprop",
                "--gop-frames", String.valueOf(gopFrames)))) {
            String sdp = RtspDescribe.describe(shared.url());
            assertTrue(sdp.contains("m=video") && !sdp.contains("sprop-"), "the SDP must have a video track and no sprop: " + sdp);
            // Another client keeps the camera streaming, as an NVR would.
            Process keeper = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-rtsp_transport", "tcp",
                    "-i", shared.url(), "-c", "copy", "-f", "null", "-")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try {
                waitFor(() -> shared.plays().size() == 1 && keyframesAfter(shared, shared.plays().get(0) + 1_000_000_000L) >= 1,
                        Duration.ofSeconds(15), "the first client playing and a keyframe after it: " + shared.plays());
                // Join 0.5 s after a keyframe: 2.5 s of P frames come before the next one.
                List<Long> keys = shared.keyframeCaptureUtcNanos();
                long lastKey = keys.get(keys.size() - 1);
                long joinAt = lastKey + 500_000_000L;
                Thread.sleep(Math.max(0, (joinAt - wallNanos()) / 1_000_000));

                PacketLog log = new PacketLog(2);
                List<CameraStats> stats;
                try (StreamSynchronizer sync = StreamSynchronizer.builder().camera(onTime.url()).camera(shared.url()).build()) {
                    log.readFor(sync, Duration.ofSeconds(15), CALL_TIMEOUT);
                    stats = sync.stats().cameras();
                }
                assertTrue(keeper.isAlive(), "the first client kept playing");

                // The condition: we joined mid-GOP (no IDR at our PLAY), keyframes every GOP only.
                assertEquals(2, shared.plays().size(), "PLAY requests: " + shared.plays());
                long ourPlay = shared.plays().get(1);
                List<Long> keysAfterFirstPlay = shared.keyframeCaptureUtcNanos().stream()
                        .filter(k -> k > shared.plays().get(0) + 1_000_000_000L).toList();
                long nextKey = keysAfterFirstPlay.stream().filter(k -> k > ourPlay).findFirst().orElseThrow();
                assertTrue(nextKey - ourPlay >= 1_000_000_000L, "next keyframe " + (nextKey - ourPlay) / 1_000_000
                        + " ms after our PLAY: we did not join mid-GOP");
                for (int i = 1; i < keysAfterFirstPlay.size(); i++) {
                    long gapMillis = (keysAfterFirstPlay.get(i) - keysAfterFirstPlay.get(i - 1)) / 1_000_000;
                    assertTrue(Math.abs(gapMillis - 3_000) <= 50, "keyframes " + gapMillis + " ms apart: one was forced");
                }
                assertSenderReportsStateCaptureTime(shared);

                List<String> problems = new ArrayList<>();
                log.checkOkayShareAfterFirstFrame(0, MIN_OKAY_SHARE, 300, problems);
                log.checkOkayShareAfterFirstFrame(1, MIN_OKAY_SHARE, 250, problems);
                log.checkNoStatus(1, problems, FrameStatus.FRAME_READ_ERROR, FrameStatus.CAP_BROKEN);
                if (stats.get(1).readErrors() != 0) {
                    problems.add("camera 1 counted " + stats.get(1).readErrors() + " read errors for the units before its keyframe");
                }
                int first = log.firstOkay(1);
                if (first >= 0) {
                    long firstCaptureMicros = log.packets().get(first).entries()[1].captureUtcMicros();
                    if (firstCaptureMicros < nextKey / 1000 - 1_000) {
                        problems.add("camera 1's first frame was captured " + (nextKey / 1000 - firstCaptureMicros)
                                + " µs before its first keyframe after our PLAY");
                    }
                }
                log.checkCaptureTimes(0, onTime::captureUtcNanos, MAX_TIMESTAMP_ERROR_MICROS, TimestampSource.RTCP_SR, problems);
                log.checkCaptureTimes(1, shared::captureUtcNanos, MAX_TIMESTAMP_ERROR_MICROS, TimestampSource.RTCP_SR, problems);
                log.checkNoPacketDropped(problems);
                assertNoProblems(problems, log, stats);
            } finally {
                keeper.destroy();
                if (!keeper.waitFor(5, TimeUnit.SECONDS)) {
                    keeper.destroyForcibly();
                }
            }
        }
    }

    @Test
    void sixtySecondsOverTcpHaveNoPeriodicDropAndNoSplitInstant() throws Exception {
        try (GstRtspServerProcess second = GstRtspServerProcess.start(cameraArgs(12_000))) {
            PacketLog log = new PacketLog(2);
            List<CameraStats> stats;
            try (StreamSynchronizer sync = StreamSynchronizer.builder()
                    .camera(Camera.of(onTime.url()).transport(RtspTransport.TCP))
                    .camera(Camera.of(second.url()).transport(RtspTransport.TCP)).build()) {
                log.readFor(sync, Duration.ofSeconds(62), CALL_TIMEOUT);
                stats = sync.stats().cameras();
            }
            for (CameraStats cs : stats) {
                assertEquals(java.util.Optional.of("TCP"), cs.link().transport(), cs.toString());
            }
            assertSenderReportsStateCaptureTime(second);
            List<String> problems = new ArrayList<>();
            GstRtspServerProcess[] servers = {onTime, second};
            for (int c = 0; c < 2; c++) {
                log.checkOkayShareAfterFirstFrame(c, MIN_OKAY_SHARE, 1_400, problems);
                // A frame dropped every 5 s would be 12 in a minute.
                int first = log.firstOkay(c);
                int missing = 0;
                StringBuilder when = new StringBuilder();
                for (int i = Math.max(first, 0); i < log.packets().size(); i++) {
                    PacketLog.Packet p = log.packets().get(i);
                    if (!p.entries()[c].okay()) {
                        missing++;
                        if (when.length() < 300) {
                            when.append(' ').append(String.format("%.3f", p.referenceUtcMicros() % 100_000_000L / 1e6))
                                    .append(" s ").append(p.entries()[c].kind()).append(';');
                        }
                    }
                }
                if (missing > 2) {
                    problems.add("camera " + c + " missing from " + missing + " packets in a minute (packet time mod 100 s):" + when);
                }
                log.checkCaptureTimes(c, servers[c]::captureUtcNanos, MAX_TIMESTAMP_ERROR_MICROS, TimestampSource.RTCP_SR, problems);
                log.checkEachFrameOnce(c, problems);
            }
            log.checkPacketTimes(INTERVAL_MICROS / 2, problems);
            log.checkNoPacketDropped(problems);
            assertNoProblems(problems, log, stats);
        }
    }

    // --- checks of the server side (the condition of a test) ---

    /** At least 95 % of the server's frames left the payloader {@code minMicros} or more after capture. */
    static void assertSendDelayAtLeast(GstRtspServerProcess server, long minMicros) {
        List<GstRtspServerProcess.Frame> frames = server.frames();
        long delayed = frames.stream().filter(f -> f.sendDelayMicros() >= minMicros).count();
        assertTrue(frames.size() >= 100 && delayed >= 0.95 * frames.size(),
                delayed + " of " + frames.size() + " frames sent >= " + minMicros + " µs after capture; first delays (µs): "
                        + frames.stream().limit(10).map(GstRtspServerProcess.Frame::sendDelayMicros).toList());
    }

    /** Every sender report the server sent maps RTP time to the capture time within 100 µs. */
    static void assertSenderReportsStateCaptureTime(GstRtspServerProcess server) {
        for (GstRtspServerProcess.SenderReport sr : server.senderReports()) {
            long error = server.senderReportErrorMicros(sr).orElseThrow();
            assertTrue(Math.abs(error) <= 100, "sender report " + sr + " is " + error + " µs off the capture time");
        }
    }

    /**
     * The frames captured from 1 s after the first PLAY on: GStreamer's live media goes from PLAYING to
     * PAUSED and back around PLAY, which moves its base time, and the few frames in flight then carry a
     * capture time off the grid the server retimes them to (the sender reports agree with them, so
     * their capture times are still exact).
     */
    static List<GstRtspServerProcess.Frame> steadyFrames(GstRtspServerProcess server) {
        assertFalse(server.plays().isEmpty(), "no PLAY");
        long from = server.plays().get(0) + 1_000_000_000L;
        return server.frames().stream().filter(f -> f.captureUtcNanos() >= from).toList();
    }

    /** Each steady frame's capture time is {@code phase ± jitter} past the UTC frame grid, and the jitter is there. */
    static void assertPhases(GstRtspServerProcess server, long phaseMicros, long jitterMicros) {
        List<GstRtspServerProcess.Frame> frames = steadyFrames(server);
        assertTrue(frames.size() >= 100, "frames: " + frames.size());
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (GstRtspServerProcess.Frame f : frames) {
            long offset = phaseOffsetMicros(f.captureUtcNanos(), phaseMicros);
            min = Math.min(min, offset);
            max = Math.max(max, offset);
        }
        long slack = 50; // RTP and printing round to a 90 kHz tick / 1 ns
        assertTrue(min >= -jitterMicros - slack && max <= jitterMicros + slack && max - min >= jitterMicros,
                "phase " + phaseMicros + " µs: captured " + min + " to " + max + " µs off it, wanted within ± " + jitterMicros
                        + " µs and spread over at least " + jitterMicros + " µs");
    }

    /** Capture time minus the nearest point {@code phase} past the frame grid, in µs (between -interval/2 and interval/2). */
    static long phaseOffsetMicros(long captureUtcNanos, long phaseMicros) {
        long intervalNanos = 1_000_000_000L / FPS;
        long d = Math.floorMod(captureUtcNanos - phaseMicros * 1000, intervalNanos);
        return (d > intervalNanos / 2 ? d - intervalNanos : d) / 1000;
    }

    static double mean(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).average().orElse(Double.NaN);
    }

    static int keyframesAfter(GstRtspServerProcess server, long utcNanos) {
        return (int) server.keyframeCaptureUtcNanos().stream().filter(k -> k > utcNanos).count();
    }

    static long wallNanos() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    static void waitFor(java.util.function.BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            Thread.sleep(50);
        }
    }

    static void assertNoProblems(List<String> problems, PacketLog log, List<CameraStats> stats) {
        assertTrue(problems.isEmpty(), String.join("\n", problems) + "\n" + log.summary() + "\nstats: " + stats);
    }
}
