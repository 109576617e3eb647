package dev.streamsync.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamsync.api.Camera;
import dev.streamsync.api.CameraStats;
import dev.streamsync.api.FailureKind;
import dev.streamsync.api.FrameData;
import dev.streamsync.api.FramePacket;
import dev.streamsync.api.FrameStatus;
import dev.streamsync.api.StreamSynchronizer;
import dev.streamsync.sim.SimulatedCamera;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A good simulated camera beside a {@link MisbehavingRtspServer} that streams real H.264 and then
 * misbehaves, through the public {@link StreamSynchronizer} API with default options. For each
 * misbehaviour: the good camera stays FRAME_OKAY in at least 99 % of the packets after its first
 * okay frame, the bad camera's failure is reported (kind and a message naming the cause), it is
 * reconnected less than once per second, and the heap stays bounded. Run by Failsafe in a fork of
 * its own with {@code -Xmx256m} in full builds (core/pom.xml, profile {@code bounded-heap-its}); run alone with
 * {@code -Dit.test=MisbehavingServersBoundedHeapIT -DargLine=-Xmx256m}.
 */
class MisbehavingServersBoundedHeapIT {
    private static final long HEAP_BOUND_BYTES = 256L * 1024 * 1024;

    private SimulatedCamera good;

    @BeforeEach
    void startGoodCamera() {
        good = SimulatedCamera.builder().width(320).height(240).fps(25).senderReportInterval(Duration.ofSeconds(1)).build();
        good.start();
    }

    @AfterEach
    void stopGoodCamera() {
        good.close();
    }

    /** What a run showed. */
    record Run(long packets, long goodOkay, long goodCounted, Map<String, Integer> goodOther, Set<String> badFailures,
               CameraStats badStats, double seconds, long maxUsedHeapAfterGcBytes) {
        double goodOkayRatio() {
            return goodCounted == 0 ? 0 : goodOkay / (double) goodCounted;
        }

        double reconnectsPerSecond() {
            return badStats.link().reconnects() / seconds;
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "packets %d, good camera okay %d/%d (%.2f %%), other entries %s; bad camera %s, "
                            + "failures seen %s, %.2f reconnects/s; used heap after GC at most %d MB (max heap %d MB)",
                    packets, goodOkay, goodCounted, 100 * goodOkayRatio(), goodOther, badStats.state(), badFailures,
                    reconnectsPerSecond(), maxUsedHeapAfterGcBytes >> 20, Runtime.getRuntime().maxMemory() >> 20);
        }
    }

    private static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private Run runBeside(MisbehavingRtspServer bad, Duration length) throws Exception {
        long packets = 0;
        long okay = 0;
        long counted = 0;
        boolean goodStarted = false;
        Map<String, Integer> other = new TreeMap<>();
        Set<String> failures = new LinkedHashSet<>();
        long maxHeap = 0;
        long start = System.nanoTime();
        long nextSample = start;
        CameraStats badStats;
        try (StreamSynchronizer sync = StreamSynchronizer.builder()
                .camera(Camera.of(good.url()))
                .camera(Camera.of(bad.url()))
                .build()) {
            while (System.nanoTime() - start < length.toNanos()) {
                try (FramePacket p = sync.getFramePacket(Duration.ofSeconds(5))) {
                    packets++;
                    FrameData g = p.get(0);
                    goodStarted |= g.status() == FrameStatus.FRAME_OKAY;
                    if (goodStarted) {
                        counted++;
                        if (g.status() == FrameStatus.FRAME_OKAY) {
                            okay++;
                        } else {
                            other.merge(g.status() + g.reason().map(r -> " (" + r + ")").orElse(""), 1, Integer::sum);
                        }
                    }
                    p.get(1).failure().ifPresent(f -> failures.add(f.kind() + ": " + f.message()));
                } catch (TimeoutException e) {
                    other.merge("no packet for 5 s", 1, Integer::sum);
                }
                if (System.nanoTime() >= nextSample) {
                    sync.stats().cameras().get(1).failure().ifPresent(f -> failures.add(f.kind() + ": " + f.message()));
                    maxHeap = Math.max(maxHeap, usedHeapAfterGc());
                    nextSample += 2_000_000_000L;
                }
            }
            badStats = sync.stats().cameras().get(1);
            badStats.failure().ifPresent(f -> failures.add(f.kind() + ": " + f.message()));
        }
        return new Run(packets, okay, counted, other, failures, badStats, (System.nanoTime() - start) / 1e9, maxHeap);
    }

    private static void assertCommon(Run run) {
        assertTrue(run.goodCounted() >= 200, "the good camera delivered: " + run);
        assertTrue(run.goodOkayRatio() >= 0.99, "good camera >= 99 % FRAME_OKAY: " + run);
        assertTrue(run.reconnectsPerSecond() < 1.0, "reconnects under 1/s: " + run);
        assertTrue(run.maxUsedHeapAfterGcBytes() < HEAP_BOUND_BYTES, "heap bounded: " + run);
        assertTrue(!run.badFailures().isEmpty(), "the failure is reported: " + run);
        for (String f : run.badFailures()) {
            assertTrue(!f.contains("\n"), "one line: " + f);
        }
    }

    @Test
    void aCameraThatStallsAfterFourSecondsWithItsSocketOpenIsReportedAsAStreamTimeoutAndReconnected() throws Exception {
        try (MisbehavingRtspServer bad = new MisbehavingRtspServer(MisbehavingRtspServer.Misbehaviour.STALL_AFTER_4_S)) {
            Run run = runBeside(bad, Duration.ofSeconds(20));
            System.out.println("stall after 4 s: " + run + "; connections " + bad.connections());
            assertCommon(run);
            assertTrue(run.badFailures().stream().anyMatch(f -> f.startsWith(FailureKind.STREAM_TIMEOUT + ": RTP stopped after")
                    && f.contains("noDataTimeoutMillis")), run.toString());
            assertTrue(bad.connections() >= 2, "reconnected after the stall: " + bad.connections());
        }
    }

    @Test
    void aRedirectToItselfCostsOneConnectionPerAttemptAndBacksOff() throws Exception {
        try (MisbehavingRtspServer bad = new MisbehavingRtspServer(MisbehavingRtspServer.Misbehaviour.REDIRECT_TO_ITSELF)) {
            Run run = runBeside(bad, Duration.ofSeconds(12));
            System.out.println("redirect to itself: " + run + "; connections " + bad.connections());
            assertCommon(run);
            assertTrue(run.badFailures().stream().anyMatch(f -> f.startsWith(FailureKind.REQUEST_REFUSED + ": ") && f.contains("redirect loop")),
                    run.toString());
            // Attempts at 0, 0.5, 1.5, 3.5, 7.5 s (backoff doubling from 0.5 s), one connection each;
            // before: 4 connections per attempt, 12 in 5 s.
            assertTrue(bad.connections() <= 6, "connections in 12 s: " + bad.connections());
            assertEquals(bad.connections(), run.badStats().link().reconnects() + 1, "one connection per attempt");
        }
    }

    @Test
    void aCameraThatSendsAFrameAndClosesIsRetriedEverMoreSlowly() throws Exception {
        try (MisbehavingRtspServer bad = new MisbehavingRtspServer(MisbehavingRtspServer.Misbehaviour.ONE_FRAME_THEN_CLOSE)) {
            Run run = runBeside(bad, Duration.ofSeconds(20));
            System.out.println("one frame then close: " + run + "; connections " + bad.connections());
            assertCommon(run);
            assertTrue(run.badFailures().stream().anyMatch(f -> f.startsWith(FailureKind.SERVER_ENDED + ": ")), run.toString());
            // Backoff 0.5, 1, 2, 4, 8 s: about 6 attempts in 20 s; before, about 24 (1.2/s).
            assertTrue(bad.connections() <= 8, "connections in 20 s: " + bad.connections());
        }
    }

    @Test
    void aThousandTrackSessionDescriptionFailsNamingTheLimitWithinABoundedHeap() throws Exception {
        try (MisbehavingRtspServer bad = new MisbehavingRtspServer(MisbehavingRtspServer.Misbehaviour.THOUSAND_TRACK_SDP)) {
            Run run = runBeside(bad, Duration.ofSeconds(12));
            System.out.println("1,000-track SDP: " + run + "; connections " + bad.connections());
            assertCommon(run);
            assertTrue(run.badFailures().stream().anyMatch(f -> f.startsWith(FailureKind.LIMIT_EXCEEDED + ": ")
                    && f.contains("MAX_MEDIA_SECTIONS")), run.toString());
        }
    }

    @Test
    void aSingleCameraThatStallsIsReportedAndStreamsAgainAfterTheReconnect() throws Exception {
        try (MisbehavingRtspServer bad = new MisbehavingRtspServer(MisbehavingRtspServer.Misbehaviour.STALL_AFTER_4_S);
             StreamSynchronizer sync = StreamSynchronizer.builder().camera(Camera.of(bad.url())).build()) {
            long start = System.nanoTime();
            long okayBeforeStall = 0;
            long okayAfterReconnect = 0;
            Set<String> failures = new LinkedHashSet<>();
            while (System.nanoTime() - start < Duration.ofSeconds(24).toNanos()) {
                try (FramePacket p = sync.getFramePacket(Duration.ofMillis(100))) {
                    if (p.get(0).status() == FrameStatus.FRAME_OKAY) {
                        if (bad.connections() >= 2) {
                            okayAfterReconnect++;
                        } else {
                            okayBeforeStall++;
                        }
                    }
                } catch (TimeoutException e) {
                    // no packet for 100 ms: during the stall; the stats are looked at below
                }
                sync.stats().cameras().get(0).failure().ifPresent(f -> failures.add(f.kind() + ": " + f.message()));
            }
            String what = "okay before the stall " + okayBeforeStall + ", after the reconnect " + okayAfterReconnect
                    + ", connections " + bad.connections() + ", failures " + failures;
            System.out.println("single camera stalling after 4 s: " + what);
            assertTrue(okayBeforeStall >= 50, what);
            assertTrue(failures.stream().anyMatch(f -> f.startsWith(FailureKind.STREAM_TIMEOUT + ": RTP stopped after")), what);
            assertTrue(bad.connections() >= 2, what);
            assertTrue(okayAfterReconnect >= 50, "frames flow again after the reconnect: " + what);
        }
    }
}
