package dev.streamsync.sync;

import dev.streamsync.failure.CameraFailure;
import dev.streamsync.failure.FailureKind;
import dev.streamsync.clock.TimestampSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class NearestPolicyTest {
    static final long START = 1_700_000_000_000_000L;
    static final long MS = 1000;

    static CompensatorConfig.Builder config(int cameras) {
        return CompensatorConfig.builder(cameras).policy(CompensatorConfig.Policy.NEAREST);
    }

    @Test
    void pairsEachCameraWithItsFrameNearestToThePacketTime() {
        Recorder r = new Recorder(config(2).toleranceMicros(30 * MS).build(), START);
        // camera 0 (reference, every 40 ms) opens with T = 40 ms; camera 1 (every 35 ms) has two
        // candidates around it: 25 ms before and 10 ms after.
        r.offer(0, 1, START + 40 * MS);
        r.offer(1, 1, START + 15 * MS);
        r.offer(1, 2, START + 50 * MS);
        r.offer(0, 2, START + 80 * MS);
        r.offer(1, 3, START + 85 * MS);
        assertEquals(START + 40 * MS, r.packets.get(0).referenceTimeUtcMicros());
        assertEquals(2, r.packets.get(0).entry(1).frame().index());
        assertEquals(10 * MS, r.packets.get(0).entry(1).offsetMicros());
        assertEquals(10 * MS, r.packets.get(0).spreadMicros());
        assertEquals(3, r.packets.get(1).entry(1).frame().index());
        assertTrue(r.released.contains(new Recorder.Frame(1, 1, START + 15 * MS)), "the farther candidate is released");
        assertEquals(1, r.engine.counters().get(1, CompensatorCounters.LATE));
    }

    @Test
    void frameOutsideToleranceIsNotUsedAndEntryIsDropped() {
        Recorder r = new Recorder(config(2).toleranceMicros(10 * MS).build(), START);
        r.offer(0, 0, START);
        r.offer(1, 0, START + 15 * MS); // 15 ms > 10 ms tolerance
        assertEquals(1, r.packets.size());
        Recorder.Entry e = r.packets.get(0).entry(1);
        assertEquals(FrameStatus.FRAME_DROPPED, e.status());
        assertEquals(Compensator.REASON_NOT_IN_TOLERANCE, e.reason());
        assertNull(e.frame());
    }

    @Test
    void neverUsesAFrameTwiceEvenWhenItIsNearestToTwoPacketTimes() {
        // camera 1 delivers one frame between two reference frames; it may only appear once.
        Recorder r = new Recorder(config(2).toleranceMicros(30 * MS).build(), START);
        r.offer(0, 0, START);
        r.offer(0, 1, START + 33 * MS);
        r.offer(1, 0, START + 20 * MS);
        r.offer(0, 2, START + 66 * MS);
        r.offer(1, 1, START + 100 * MS);
        r.offer(0, 3, START + 100 * MS);
        r.offer(1, 2, START + 140 * MS);
        Set<Recorder.Frame> used = new HashSet<>();
        for (Recorder.Packet p : r.packets) {
            for (Recorder.Entry e : p.entries()) {
                if (e.frame() != null) {
                    assertTrue(used.add(e.frame()), "frame used twice: " + e.frame());
                }
            }
        }
        assertNull(r.packets.get(0).entry(1).frame(), "frame at +20 ms goes to T=33 ms, its nearest");
        assertEquals(START + 20 * MS, r.packets.get(1).entry(1).frame().captureUtcMicros());
    }

    @Test
    void emitsAtTheDeadlineWhenACameraIsSilent() {
        CompensatorConfig cfg = config(2).maxLatencyMicros(200 * MS).build();
        Recorder r = new Recorder(cfg, START);
        r.nowMicros = START + 5 * MS;
        r.offer(0, 0, START);
        assertTrue(r.packets.isEmpty(), "camera 1 is live (started less than idleTimeout ago) and may still deliver");
        assertEquals(START + 200 * MS, r.engine.wakeUpAtMicros(), "deadline = T + maxLatency");
        r.advanceTo(START + 200 * MS - 1);
        assertTrue(r.packets.isEmpty());
        r.advanceTo(START + 200 * MS);
        assertEquals(1, r.packets.size());
        assertEquals(FrameStatus.FRAME_DROPPED, r.last().entry(1).status());
        assertEquals(Compensator.REASON_NO_FRAME_YET, r.last().entry(1).reason());
    }

    @Test
    void deadCameraNeitherStopsOutputNorGrowsMemoryAndRejoins() {
        CompensatorConfig cfg = config(2).maxLatencyMicros(100 * MS).idleTimeoutMicros(1_000 * MS).maxPendingFrames(8).build();
        Recorder r = new Recorder(cfg, START);
        long period = 33_333;
        int frames = 300; // 10 s at 30 fps; camera 1 dies after frame 30 and comes back at frame 240
        int maxPending = 0;
        for (int i = 0; i < frames; i++) {
            long capture = START + i * period;
            r.advanceTo(capture + 10 * MS);
            r.offer(0, i, capture);
            if (i < 30 || i >= 240) {
                r.offer(1, i, capture + 3 * MS);
            }
            maxPending = Math.max(maxPending, Math.max(r.engine.pendingFrames(0), r.engine.pendingFrames(1)));
        }
        assertTrue(maxPending <= 8, "pending stays bounded, was " + maxPending);
        assertTrue(r.packets.size() >= frames - 2, "output continued: " + r.packets.size() + " packets for " + frames + " frames");
        long idleEntries = r.packets.stream().filter(p -> Compensator.REASON_IDLE.equals(p.entry(1).reason())).count();
        assertTrue(idleEntries > 100, "camera 1 reported idle while dead: " + idleEntries);
        Recorder.Packet late = r.packets.get(r.packets.size() - 3);
        assertEquals(FrameStatus.FRAME_OKAY, late.entry(1).status(), "camera 1 rejoined");
        assertEquals(CameraState.STREAMING, r.engine.counters().state(1, r.nowMicros));
    }

    @Test
    void mixedFrameRates30And25And15FollowTheFastestCamera() {
        // Deliberately list the 15 fps camera first: the reference is elected by rate, not index.
        long[] periods = {66_667, 40_000, 33_333};
        long[] phases = {7 * MS, 3 * MS, 0};
        Recorder r = new Recorder(config(3).build(), START);
        List<Recorder.Frame> all = feedInArrivalOrder(r, periods, phases, 2_000 * MS, 20 * MS);
        List<Recorder.Packet> steady = r.packets.subList(5, r.packets.size() - 2);
        long previous = Long.MIN_VALUE;
        int okay15 = 0, okay25 = 0;
        for (Recorder.Packet p : steady) {
            assertTrue(p.referenceTimeUtcMicros() > previous);
            previous = p.referenceTimeUtcMicros();
            assertEquals(FrameStatus.FRAME_OKAY, p.entry(2).status(), "the 30 fps reference is in every packet");
            assertEquals(0, p.entry(2).offsetMicros());
            for (int c = 0; c < 2; c++) {
                if (p.entry(c).frame() != null) {
                    assertTrue(Math.abs(p.entry(c).offsetMicros()) <= periods[c] / 2, "within tolerance: " + p);
                    assertTrue(p.entry(c).offsetMicros() <= 33_333 / 2, "never given to an earlier packet it is not nearest to: " + p);
                }
            }
            okay15 += p.entry(0).frame() != null ? 1 : 0;
            okay25 += p.entry(1).frame() != null ? 1 : 0;
        }
        double n = steady.size();
        assertEquals(0.5, okay15 / n, 0.05, "15 fps camera in every other packet");
        assertEquals(25.0 / 30.0, okay25 / n, 0.05, "25 fps camera in 5 of 6 packets");
        assertNoLeak(r, all);
    }

    @Test
    void unsyncedCameraIsNeverMixedInAndRejoinsOnceAnchored() {
        Recorder r = new Recorder(config(2).build(), START);
        for (int i = 0; i < 10; i++) {
            long capture = START + i * 40 * MS;
            r.nowMicros = capture;
            r.offer(1, i, capture, TimestampSource.ARRIVAL);
            r.offer(0, i, capture);
        }
        assertFalse(r.packets.isEmpty(), "the unsynced camera holds nobody back");
        for (Recorder.Packet p : r.packets) {
            assertNull(p.entry(1).frame());
            assertEquals(Compensator.REASON_UNSYNCED, p.entry(1).reason());
        }
        assertEquals(10, r.engine.counters().get(1, CompensatorCounters.UNSYNCED));
        assertEquals(CameraState.UNSYNCED, r.engine.counters().state(1, r.nowMicros));
        for (int i = 10; i < 13; i++) {
            long capture = START + i * 40 * MS;
            r.nowMicros = capture;
            r.offer(1, i, capture, TimestampSource.RTCP_SR);
            r.offer(0, i, capture);
        }
        assertEquals(FrameStatus.FRAME_OKAY, r.last().entry(1).status());
    }

    @Test
    void arrivalStampsAreMixedOnlyWhenExplicitlyAccepted() {
        Recorder r = new Recorder(config(2).acceptArrivalTimestamps(true).build(), START);
        r.offer(1, 0, START, TimestampSource.ARRIVAL);
        r.offer(0, 0, START);
        assertEquals(FrameStatus.FRAME_OKAY, r.last().entry(1).status());
    }

    @Test
    void frameBehindTheLastPacketTimeIsReleasedAsLate() {
        Recorder r = new Recorder(config(2).maxLatencyMicros(50 * MS).build(), START);
        r.nowMicros = START;
        r.offer(0, 0, START);
        r.offer(0, 1, START + 40 * MS);
        r.advanceTo(START + 100 * MS); // deadlines of both packets passed without camera 1
        assertEquals(2, r.packets.size());
        Recorder.Frame stale = r.offer(1, 0, START + 10 * MS);
        assertTrue(r.released.contains(stale));
        assertEquals(1, r.engine.counters().get(1, CompensatorCounters.LATE));
    }

    @Test
    void brokenCameraReportsReasonUntilItRecovers() {
        Recorder r = new Recorder(config(2).build(), START);
        r.offer(0, 0, START);
        r.offer(1, 0, START);
        CameraFailure reset = new CameraFailure(FailureKind.SERVER_ENDED, "connection reset by peer");
        r.engine.onBroken(1, reset, r.nowMicros);
        r.offer(0, 1, START + 40 * MS);
        assertEquals(FrameStatus.CAP_BROKEN, r.last().entry(1).status());
        assertEquals("connection reset by peer", r.last().entry(1).reason());
        assertEquals(reset, r.last().entry(1).failure());
        assertEquals(reset, r.engine.counters().failure(1));
        r.engine.onRecovered(1, r.nowMicros);
        r.offer(1, 1, START + 80 * MS);
        r.offer(0, 2, START + 80 * MS);
        assertEquals(FrameStatus.FRAME_OKAY, r.last().entry(1).status());
    }

    @Test
    void moreThanMaxReadErrorsInARowBreakTheCamera() {
        Recorder r = new Recorder(config(2).maxReadErrors(2).build(), START);
        r.offer(0, 0, START);
        r.offer(1, 0, START);
        r.engine.onReadError(1, "decode failed", r.nowMicros);
        r.offer(0, 1, START + 40 * MS);
        // Past camera 1's deadline for T = 40 ms (latency 0 + the margin floor + half an interval, 20 ms),
        // before the next grid point's (a packet per grid point comes while camera 0 is silent).
        r.advanceTo(START + 40 * MS + Compensator.MIN_WAIT_MARGIN_MICROS + 30 * MS);
        assertEquals(START + 40 * MS, r.last().referenceTimeUtcMicros());
        assertEquals(FrameStatus.FRAME_READ_ERROR, r.last().entry(1).status());
        assertEquals("decode failed", r.last().entry(1).reason());
        r.engine.onReadError(1, "decode failed", r.nowMicros);
        r.engine.onReadError(1, "decode failed again", r.nowMicros);
        r.offer(0, 2, START + 80 * MS);
        assertEquals(FrameStatus.CAP_BROKEN, r.last().entry(1).status());
        assertTrue(r.last().entry(1).reason().startsWith("3 consecutive read errors"), r.last().entry(1).reason());
        assertEquals(FailureKind.READ_ERROR, r.last().entry(1).failure().kind());
        assertEquals(r.last().entry(1).reason(), r.last().entry(1).failure().message());
    }

    @Test
    void initialOffsetLargerThanAllowedStopsWithAMessageNamingTheCameras() {
        CompensatorConfig cfg = config(3).maxInitialStreamOffsetMicros(1_000 * MS)
                .cameraName(0, "left").cameraName(2, "ceiling").build();
        Recorder r = new Recorder(cfg, START);
        r.offer(0, 0, START);
        r.offer(1, 0, START + 300 * MS);
        assertNull(r.engine.violation());
        Recorder.Frame f = r.offer(2, 0, START - 1_500 * MS);
        OffsetViolation v = r.engine.violation();
        assertNotNull(v);
        assertEquals("initial stream offset 1.800 s between camera 1 (index 1) and ceiling (index 2) exceeds maxInitialStreamOffset 1.000 s", v.message());
        assertTrue(r.released.contains(f));
        assertEquals(0, r.engine.pendingFrames(0), "everything pending is released");
        assertFalse(r.engine.poll(r.nowMicros, r));
    }

    @Test
    void lateJoiningCameraIsNotMistakenForAnOffsetClock() {
        Recorder r = new Recorder(config(2).maxInitialStreamOffsetMicros(1_000 * MS).build(), START);
        r.offer(0, 0, START);
        r.nowMicros = START + 5_000 * MS; // joins 5 s later with a correct clock
        r.offer(1, 0, START + 5_000 * MS - 20 * MS);
        assertNull(r.engine.violation());
    }

    /** Feeds periodic cameras in arrival order (capture + delay), advancing the clock; returns every frame offered. */
    static List<Recorder.Frame> feedInArrivalOrder(Recorder r, long[] periods, long[] phases, long durationMicros, long delayMicros) {
        record Ev(long arrival, int camera, int index, long capture) { }
        PriorityQueue<Ev> q = new PriorityQueue<>((a, b) -> a.arrival != b.arrival ? Long.compare(a.arrival, b.arrival) : Integer.compare(a.camera, b.camera));
        for (int c = 0; c < periods.length; c++) {
            for (int i = 0; phases[c] + i * periods[c] < durationMicros; i++) {
                long capture = START + phases[c] + i * periods[c];
                q.add(new Ev(capture + delayMicros, c, i, capture));
            }
        }
        List<Recorder.Frame> all = new ArrayList<>();
        while (!q.isEmpty()) {
            Ev e = q.poll();
            r.advanceTo(e.arrival);
            all.add(r.offer(e.camera, e.index, e.capture));
        }
        return all;
    }

    static void assertNoLeak(Recorder r, List<Recorder.Frame> all) {
        r.engine.releaseAll();
        for (Recorder.Frame f : all) {
            assertEquals(1, r.handedOut.getOrDefault(f, 0), "handed out exactly once: " + f);
        }
    }
}
