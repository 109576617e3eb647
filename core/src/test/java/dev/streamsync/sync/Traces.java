package dev.streamsync.sync;

import dev.streamsync.failure.CameraFailure;
import dev.streamsync.failure.FailureKind;
import dev.streamsync.clock.TimestampSource;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/** Random but reproducible multi-camera timestamp traces for policy tests. */
final class Traces {
    static final long START = 1_700_000_000_000_000L;

    /** One event of a trace, in arrival order. kind: 0 frame, 1 read error, 2 broken, 3 recovered. */
    record Event(long arrivalMicros, int camera, int index, long captureUtcMicros, TimestampSource source, int kind) { }

    /**
     * Cameras with periods between 20 and 70 ms, capture jitter, random frame loss, an arrival delay
     * per camera (in order per camera), and, when {@code faults}, a silent stretch, an unsynced
     * prefix and broken/recovered/read-error events.
     */
    static List<Event> random(long seed, int cameras, long durationMicros, boolean faults) {
        Random rnd = new Random(seed);
        List<Event> events = new ArrayList<>();
        for (int c = 0; c < cameras; c++) {
            long period = 20_000 + rnd.nextInt(50_000);
            long phase = rnd.nextInt((int) period);
            long baseDelay = 5_000 + rnd.nextInt(60_000);
            double loss = rnd.nextDouble() * 0.1;
            long silentFrom = faults && rnd.nextBoolean() ? rnd.nextLong(durationMicros) : Long.MAX_VALUE;
            long silentTo = silentFrom == Long.MAX_VALUE ? silentFrom : silentFrom + rnd.nextLong(3_000_000);
            long unsyncedUntil = faults && rnd.nextInt(4) == 0 ? rnd.nextLong(durationMicros / 2) : 0;
            long previousArrival = 0;
            long previousCapture = Long.MIN_VALUE;
            int index = 0;
            for (long t = phase; t < durationMicros; t += period) {
                long capture = START + t + rnd.nextInt(2_001) - 1_000;
                if (capture <= previousCapture) {
                    capture = previousCapture + 1;
                }
                previousCapture = capture;
                if (rnd.nextDouble() < loss || (t >= silentFrom && t < silentTo)) {
                    continue;
                }
                long arrival = Math.max(previousArrival, capture + baseDelay + rnd.nextInt(20_000));
                previousArrival = arrival;
                TimestampSource source = t < unsyncedUntil ? TimestampSource.ARRIVAL : TimestampSource.RTCP_SR;
                events.add(new Event(arrival, c, index++, capture, source, 0));
                if (faults && rnd.nextInt(200) == 0) {
                    int kind = 1 + rnd.nextInt(3);
                    events.add(new Event(arrival, c, -1, 0, null, kind));
                }
            }
        }
        events.sort(Comparator.comparingLong(Event::arrivalMicros));
        return events;
    }

    /** One free-running camera: nominal period, phase, capture jitter (uniform ±), clock drift, network delay (+ uniform jitter). */
    record Camera(long periodMicros, long phaseMicros, long captureJitterMicros, double driftPpm, long delayMicros, long delayJitterMicros) { }

    /**
     * Frames of free-running cameras: frame i of camera c is captured at
     * {@code START + phase + i * period * (1 + drift)} plus uniform capture jitter (kept in order), and
     * arrives {@code delay} plus uniform network jitter later (in order per camera).
     */
    static List<Event> freeRunning(long seed, long durationMicros, Camera... cameras) {
        Random rnd = new Random(seed);
        List<Event> events = new ArrayList<>();
        for (int c = 0; c < cameras.length; c++) {
            Camera cam = cameras[c];
            double period = cam.periodMicros() * (1 + cam.driftPpm() / 1e6);
            long previousCapture = Long.MIN_VALUE;
            long previousArrival = Long.MIN_VALUE;
            for (int i = 0; cam.phaseMicros() + i * period < durationMicros; i++) {
                long jitter = cam.captureJitterMicros() == 0 ? 0 : rnd.nextLong(2 * cam.captureJitterMicros() + 1) - cam.captureJitterMicros();
                long capture = Math.max(previousCapture + 1, START + cam.phaseMicros() + Math.round(i * period) + jitter);
                previousCapture = capture;
                long netJitter = cam.delayJitterMicros() == 0 ? 0 : rnd.nextLong(cam.delayJitterMicros() + 1);
                long arrival = Math.max(previousArrival, capture + cam.delayMicros() + netJitter);
                previousArrival = arrival;
                events.add(new Event(arrival, c, i, capture, TimestampSource.RTCP_SR, 0));
            }
        }
        events.sort(Comparator.comparingLong(Event::arrivalMicros).thenComparingInt(Event::camera));
        return events;
    }

    /** Plays a trace into a recorder: advance the clock, offer, poll. Returns every frame offered. */
    static List<Recorder.Frame> play(Recorder r, List<Event> events) {
        List<Recorder.Frame> frames = new ArrayList<>();
        for (Event e : events) {
            r.advanceTo(Math.max(r.nowMicros, e.arrivalMicros()));
            switch (e.kind()) {
                case 0 -> frames.add(r.offer(e.camera(), e.index(), e.captureUtcMicros(), e.source()));
                case 1 -> r.engine.onReadError(e.camera(), "read error", r.nowMicros);
                case 2 -> r.engine.onBroken(e.camera(), new CameraFailure(FailureKind.SERVER_ENDED, "broken"), r.nowMicros);
                default -> r.engine.onRecovered(e.camera(), r.nowMicros);
            }
            r.drain();
        }
        r.advanceTo(r.nowMicros + 10_000_000);
        return frames;
    }

    private Traces() { }
}
