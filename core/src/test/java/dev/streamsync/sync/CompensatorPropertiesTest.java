package dev.streamsync.sync;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class CompensatorPropertiesTest {

    @Property(tries = 200)
    void nearestInvariantsHoldOnRandomTraces(@ForAll long seed, @ForAll @IntRange(min = 1, max = 6) int cameras,
                                             @ForAll boolean faults, @ForAll @IntRange(min = 1, max = 40) int toleranceMillis) {
        long tol = toleranceMillis * 1000L;
        CompensatorConfig cfg = CompensatorConfig.builder(cameras).toleranceMicros(tol)
                .maxLatencyMicros(150_000).idleTimeoutMicros(1_000_000).maxPendingFrames(16).build();
        Recorder r = new Recorder(cfg, Traces.START);
        List<Recorder.Frame> frames = Traces.play(r, Traces.random(seed, cameras, 3_000_000, faults));
        r.assertStrictlyIncreasingAndNoFrameTwice();
        for (Recorder.Packet p : r.packets) {
            for (Recorder.Entry e : p.entries()) {
                if (e.frame() != null) {
                    assertTrue(Math.abs(e.offsetMicros()) <= tol, "within tolerance of T");
                    assertEquals(e.frame().captureUtcMicros() - p.referenceTimeUtcMicros(), e.offsetMicros());
                    assertEquals(FrameStatus.FRAME_OKAY, e.status());
                } else {
                    assertNotEquals(FrameStatus.FRAME_OKAY, e.status());
                    assertNotNull(e.reason());
                    // A broken entry carries its failure, and its reason is that failure's message.
                    assertEquals(e.status() == FrameStatus.CAP_BROKEN, e.failure() != null);
                    if (e.failure() != null) {
                        assertEquals(e.failure().message(), e.reason());
                    }
                }
            }
        }
        assertConservation(r, frames, cameras);
    }

    /**
     * Issue 10, #4: free-running cameras at one nominal rate, any phases, capture jitter up to 10 % of
     * the interval, clocks drifting up to ±500 ppm: each camera's frames land in packets (>= 99.5 %),
     * none twice, T strictly increasing.
     */
    @Property(tries = 60)
    void sameRateCamerasAtAnyPhaseUseEveryFrameOnce(@ForAll long seed, @ForAll @IntRange(min = 2, max = 5) int cameras,
                                                  @ForAll @IntRange(min = 20_000, max = 70_000) int periodMicros,
                                                  @ForAll @IntRange(min = 0, max = 10) int jitterPercent) {
        java.util.Random rnd = new java.util.Random(seed);
        Traces.Camera[] cams = new Traces.Camera[cameras];
        for (int c = 0; c < cameras; c++) {
            cams[c] = new Traces.Camera(periodMicros, rnd.nextInt(periodMicros), periodMicros * jitterPercent / 100,
                    rnd.nextDouble() * 1000 - 500, 5_000 + rnd.nextInt(100_000), rnd.nextInt(5_000));
        }
        Recorder r = new Recorder(CompensatorConfig.builder(cameras).build(), Traces.START);
        List<Recorder.Frame> frames = Traces.play(r, Traces.freeRunning(seed, 30_000_000, cams));
        Set<Recorder.Frame> used = r.assertStrictlyIncreasingAndNoFrameTwice();
        for (int c = 0; c < cameras; c++) {
            int camera = c;
            long offered = frames.stream().filter(f -> f.camera() == camera).count();
            long inPackets = used.stream().filter(f -> f.camera() == camera).count();
            assertTrue(inPackets >= offered * 0.995, "camera " + c + " used " + inPackets + " of " + offered + " frames; "
                    + java.util.Arrays.toString(cams));
        }
        assertConservation(r, frames, cameras);
    }

    @Property(tries = 100)
    void seedNeverLeaksOrReusesFrames(@ForAll long seed, @ForAll @IntRange(min = 1, max = 6) int cameras, @ForAll boolean faults) {
        CompensatorConfig cfg = CompensatorConfig.builder(cameras).policy(CompensatorConfig.Policy.SEED)
                .idleTimeoutMicros(1_000_000).maxPendingFrames(16).build();
        Recorder r = new Recorder(cfg, Traces.START);
        List<Recorder.Frame> frames = Traces.play(r, Traces.random(seed, cameras, 3_000_000, faults));
        long previous = Long.MIN_VALUE;
        for (Recorder.Packet p : r.packets) {
            assertTrue(p.referenceTimeUtcMicros() > previous, "T_q strictly increases");
            previous = p.referenceTimeUtcMicros();
        }
        assertConservation(r, frames, cameras);
    }

    /** Every frame offered is handed out (packet or release) exactly once, and the counters add up. */
    static void assertConservation(Recorder r, List<Recorder.Frame> frames, int cameras) {
        CompensatorCounters k = r.engine.counters();
        for (int c = 0; c < cameras; c++) {
            assertTrue(r.engine.pendingFrames(c) <= r.engine.config().maxPendingFrames());
        }
        r.engine.releaseAll();
        for (Recorder.Frame f : frames) {
            assertEquals(1, r.handedOut.getOrDefault(f, 0), "handed out exactly once: " + f);
        }
        assertEquals(frames.size(), r.handedOut.size());
        for (int c = 0; c < cameras; c++) {
            long sum = 0;
            for (int field : new int[]{CompensatorCounters.USED, CompensatorCounters.LATE, CompensatorCounters.SKIPPED,
                    CompensatorCounters.OVERFLOW, CompensatorCounters.UNSYNCED, CompensatorCounters.OUT_OF_ORDER,
                    CompensatorCounters.CLOCK_STEPPED, CompensatorCounters.DISCARDED}) {
                sum += k.get(c, field);
            }
            assertEquals(k.get(c, CompensatorCounters.RECEIVED), sum, "counters add up for camera " + c);
        }
    }
}
