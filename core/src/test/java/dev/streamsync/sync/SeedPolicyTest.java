package dev.streamsync.sync;

import dev.streamsync.clock.TimestampSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class SeedPolicyTest {
    static final long START = Traces.START;

    static CompensatorConfig seed(int cameras) {
        return CompensatorConfig.builder(cameras).policy(CompensatorConfig.Policy.SEED)
                .idleTimeoutMicros(3_600_000_000L).maxPendingFrames(1024).build();
    }

    /**
     * The oracle: the reference system's loop written as plainly as possible, with unbounded lists
     * and re-evaluation after every arrival (the reference re-checks whenever a reader thread
     * appends). Returns, per packet, T_q and the frame index of each camera (-1 when none).
     */
    static List<long[]> referenceLoop(List<Traces.Event> events, int cameras) {
        List<ArrayDeque<Traces.Event>> buffers = new ArrayList<>();
        for (int c = 0; c < cameras; c++) {
            buffers.add(new ArrayDeque<>());
        }
        List<long[]> packets = new ArrayList<>();
        for (Traces.Event e : events) {
            buffers.get(e.camera()).addLast(e);
            while (true) {
                boolean allHaveFrame = buffers.stream().noneMatch(ArrayDeque::isEmpty);
                if (!allHaveFrame) {
                    break;
                }
                long tq = buffers.stream().mapToLong(b -> b.peekFirst().captureUtcMicros()).max().getAsLong();
                boolean allCaughtUp = buffers.stream().allMatch(b -> b.peekLast().captureUtcMicros() >= tq);
                if (!allCaughtUp) {
                    break;
                }
                long[] packet = new long[cameras + 1];
                packet[0] = tq;
                for (int c = 0; c < cameras; c++) {
                    Traces.Event last = null;
                    ArrayDeque<Traces.Event> b = buffers.get(c);
                    while (!b.isEmpty() && b.peekFirst().captureUtcMicros() <= tq) {
                        last = b.pollFirst();
                    }
                    packet[c + 1] = last == null ? -1 : last.index();
                }
                packets.add(packet);
            }
        }
        return packets;
    }

    @Test
    void reproducesTheReferenceLoopOnARecordedTrace() {
        for (long seed = 1; seed <= 20; seed++) {
            int cameras = 2 + (int) (seed % 4);
            List<Traces.Event> trace = Traces.random(seed, cameras, 5_000_000, false);
            List<long[]> expected = referenceLoop(trace, cameras);
            Recorder r = new Recorder(seed(cameras), START);
            Traces.play(r, trace);
            assertTrue(expected.size() > 50, "trace produces packets");
            assertEquals(expected.size(), r.packets.size(), "packet count, seed " + seed);
            for (int i = 0; i < expected.size(); i++) {
                long[] want = expected.get(i);
                Recorder.Packet got = r.packets.get(i);
                assertEquals(want[0], got.referenceTimeUtcMicros(), "T_q of packet " + i + ", seed " + seed);
                for (int c = 0; c < cameras; c++) {
                    Recorder.Frame f = got.entry(c).frame();
                    assertEquals(want[c + 1], f == null ? -1 : f.index(), "camera " + c + " of packet " + i + ", seed " + seed);
                }
            }
        }
    }

    @Test
    void handCheckedTrace() {
        // camera 0: 0, 33, 66, 100 ms; camera 1: 10, 50, 90 ms (all arrive at once, in this order).
        Recorder r = new Recorder(seed(2), START);
        long ms = 1000;
        r.offer(0, 0, START);
        r.offer(0, 1, START + 33 * ms);
        r.offer(1, 0, START + 10 * ms);
        // T_q = max(0, 10) = 10; newest: 33 >= 10 and 10 >= 10 -> pop cam0 {0}, cam1 {10}
        assertEquals(1, r.packets.size());
        assertEquals(START + 10 * ms, r.last().referenceTimeUtcMicros());
        assertEquals(0, r.last().entry(0).frame().index());
        r.offer(0, 2, START + 66 * ms);
        r.offer(0, 3, START + 100 * ms);
        r.offer(1, 1, START + 50 * ms);
        // T_q = max(33, 50) = 50 -> cam0 pops 33 only (66 > 50), cam1 pops 50
        assertEquals(START + 50 * ms, r.last().referenceTimeUtcMicros());
        assertEquals(1, r.last().entry(0).frame().index());
        assertEquals(-10 * ms - 7 * ms, r.last().entry(0).offsetMicros());
        assertEquals(17 * ms, r.last().spreadMicros());
        r.offer(1, 2, START + 90 * ms);
        // T_q = max(66, 90) = 90 -> cam0 pops 66 (100 > 90), cam1 pops 90
        assertEquals(START + 90 * ms, r.last().referenceTimeUtcMicros());
        assertEquals(2, r.last().entry(0).frame().index());
        assertEquals(3, r.packets.size());
    }

    @Test
    void popsEveryFrameUpToTqAndKeepsOnlyTheLast() {
        Recorder r = new Recorder(seed(2), START);
        r.offer(0, 0, START);
        r.offer(0, 1, START + 10_000);
        r.offer(0, 2, START + 20_000);
        Recorder.Frame f = r.offer(1, 0, START + 25_000);
        assertEquals(0, r.packets.size(), "camera 0's newest (20 ms) is before T_q (25 ms)");
        r.offer(0, 3, START + 30_000);
        assertEquals(2, r.last().entry(0).frame().index());
        assertEquals(f, r.last().entry(1).frame());
        assertEquals(2, r.engine.counters().get(0, CompensatorCounters.SKIPPED));
    }

    @Test
    void idleCameraStopsHoldingBackTheSeedPolicy() {
        Recorder r = new Recorder(CompensatorConfig.builder(2).policy(CompensatorConfig.Policy.SEED)
                .idleTimeoutMicros(1_000_000).build(), START);
        r.offer(0, 0, START);
        assertTrue(r.packets.isEmpty());
        assertEquals(START + 1_000_000, r.engine.wakeUpAtMicros());
        r.advanceTo(START + 1_000_000);
        assertEquals(1, r.packets.size());
        assertEquals(Compensator.REASON_NO_FRAME_YET, r.last().entry(1).reason());
    }

    @Test
    void unsyncedFramesAreNotMixedBySeedEither() {
        Recorder r = new Recorder(seed(2), START);
        r.offer(1, 0, START, TimestampSource.ARRIVAL);
        r.offer(0, 0, START);
        assertEquals(1, r.packets.size());
        assertEquals(Compensator.REASON_UNSYNCED, r.last().entry(1).reason());
    }
}
