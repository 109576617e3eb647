package dev.streamsync.sync;

import dev.streamsync.api.CameraFailure;
import dev.streamsync.api.FailureKind;
import dev.streamsync.rtcp.TimestampSource;

import java.util.Objects;

/**
 * The sync policy engine: groups frames of N cameras into packets of one entry per camera.
 * Deterministic: its output depends only on the calls made and the {@code nowMicros} passed in
 * (the local clock, UTC micros); it starts no threads and allocates nothing per packet.
 *
 * <h2>Policies</h2>
 * <b>SEED</b> reproduces the reference system's loop: wait until every live camera has a pending
 * frame; {@code T_q} = the newest of the pending fronts; wait until every live camera's newest frame
 * is at or after {@code T_q}; from every camera pop the frames with capture time &lt;= {@code T_q}
 * and put the last popped one in the packet (the others are counted as skipped).
 *
 * <p><b>NEAREST</b> (default): packet time T strictly increases; each camera contributes its pending
 * frame nearest to T within its tolerance (default half of its own estimated frame interval), each
 * frame at most once.
 * <ul>
 *   <li><i>How T advances.</i> T follows the frames of a <i>reference camera</i>: the live camera
 *   with the shortest frame interval (sticky: it is replaced only when it stops being live or another
 *   camera is at least 25 % faster). Following one camera gives a steady packet rate at the fastest
 *   camera's rate; taking "the earliest pending frame of any camera" instead was rejected because
 *   independent (not genlocked) cameras have random phases, which would split every frame period
 *   into several half-empty packets. When the reference camera has nothing pending, T is the
 *   earliest pending frame of any camera, emitted at its deadline.</li>
 *   <li><i>Matching window.</i> Camera c matches frames in {@code [T - tol_c, T + min(tol_c,
 *   refInterval/2)]}: a slow camera (15 fps next to a 30 fps reference) would otherwise give its
 *   frame to the packet before the one it is nearest to. Ties go to the earlier frame.</li>
 *   <li><i>When a packet is emitted.</i> As soon as every live camera has a frame at or after T
 *   (frames of one camera arrive in capture order, so no later frame can be nearer to T; this gives
 *   the same packets as waiting for {@code T + tolerance}, one frame earlier), or at a deadline: the
 *   latest time at which the missing cameras' frames of time T can be expected (each camera's
 *   smoothed arrival-minus-capture latency plus four mean deviations plus half its frame interval),
 *   but never later than {@code min(T, arrival of T's frame) + maxLatency} (the arrival term keeps a
 *   camera whose clock runs ahead from postponing output). A camera 400 ms behind the others on the
 *   network is therefore waited for, without configuration, and a camera that lost a frame costs the
 *   packet only its usual latency, not maxLatency.</li>
 *   <li><i>Late frames.</i> A frame captured at or before the last packet time, or left behind T by
 *   the matching window, can never be used: it is released and counted as late.</li>
 * </ul>
 *
 * <h2>Liveness and status</h2>
 * A camera holds packets back only while it is <i>live</i>: not broken, not unsynced, and it
 * delivered a frame (or the compensator started) less than {@code idleTimeout} ago. A silent camera
 * therefore delays packets by at most {@code maxLatency} each until {@code idleTimeout}, then not at
 * all, and rejoins with its next frame. Its pending queue is bounded ({@code maxPendingFrames},
 * oldest dropped first), so it cannot grow memory. Entries without a frame carry a status: BROKEN
 * (with the source's {@code CameraFailure}, or after more than {@code maxReadErrors} consecutive read
 * errors, kind READ_ERROR),
 * READ_ERROR (a read error since the camera's last entry), or DROPPED (with a reason).
 *
 * <p><b>Unsynced frames.</b> A frame stamped {@link TimestampSource#ARRIVAL} (no clock anchor) is
 * released on arrival and counted, unless {@code acceptArrivalTimestamps} is set: arrival times and
 * camera capture times are different clocks and must not be mixed as if they agreed. The camera's
 * entries say DROPPED "unsynced"; it does not hold others back, and it rejoins with its first
 * anchored frame.
 *
 * <p>Threading: not thread-safe; one thread drives an instance. {@link #counters()} may be read
 * from any thread. Ownership: {@code onFrame} takes ownership of the frame; the engine either passes
 * it to a {@link PacketSink} or gives it to the {@link FrameReleaser}, exactly once.
 *
 * @param <F> the frame handle (a {@code Picture} in production, any value in tests)
 */
public final class Compensator<F> {
    static final String REASON_NO_FRAME_YET = "no frame yet";
    static final String REASON_NOT_IN_TOLERANCE = "no frame within tolerance of the packet time";
    static final String REASON_IDLE = "idle: no frame within the idle timeout";
    static final String REASON_UNSYNCED = "unsynced: no clock anchor yet (arrival-time stamps are not mixed with synced streams)";
    static final String REASON_SUPERSEDED = "no frame at or before the packet time";

    private final CompensatorConfig config;
    private final FrameReleaser<? super F> releaser;
    private final int n;
    private final boolean nearest;
    private final PendingFrames[] pending;
    private final long[] newestCaptureUtcMicros;
    private final long[] lastArrivalMicros;
    private final boolean[] delivered;
    private final long[] intervalMicros;
    private final boolean[] intervalKnown;
    private final int[] intervalRejects;
    private final boolean[] unsynced;
    /** Why each camera is broken, or null. */
    private final CameraFailure[] broken;
    private final String[] readErrorReason;
    private final int[] consecutiveReadErrors;
    private final boolean[] offsetKnown;
    private final long[] initialOffsetMicros;
    /** Smoothed (arrival - capture) per camera, and its mean deviation: when a frame of time T is expected. */
    private final long[] latencyMicros;
    private final long[] latencyDeviationMicros;
    private final boolean[] latencyKnown;
    private final PacketAssembly<F> assembly;
    private final CompensatorCounters counters;
    private OffsetViolation violation;
    private int reference = -1;
    private long lastPacketTimeUtcMicros = Long.MIN_VALUE;
    private long sequence;
    private long wakeUpAtMicros = Long.MAX_VALUE;

    /**
     * @param startMicros local time of the start; cameras that never deliver stop holding packets
     *                    back at {@code startMicros + idleTimeout}
     */
    public Compensator(CompensatorConfig config, FrameReleaser<? super F> releaser, long startMicros) {
        this.config = Objects.requireNonNull(config, "config");
        this.releaser = Objects.requireNonNull(releaser, "releaser");
        this.n = config.cameraCount();
        this.nearest = config.policy() == CompensatorConfig.Policy.NEAREST;
        pending = new PendingFrames[n];
        for (int c = 0; c < n; c++) {
            pending[c] = new PendingFrames(config.maxPendingFrames());
        }
        newestCaptureUtcMicros = new long[n];
        lastArrivalMicros = new long[n];
        java.util.Arrays.fill(lastArrivalMicros, startMicros);
        delivered = new boolean[n];
        intervalMicros = new long[n];
        java.util.Arrays.fill(intervalMicros, config.defaultFrameIntervalMicros());
        intervalKnown = new boolean[n];
        intervalRejects = new int[n];
        unsynced = new boolean[n];
        broken = new CameraFailure[n];
        readErrorReason = new String[n];
        consecutiveReadErrors = new int[n];
        offsetKnown = new boolean[n];
        initialOffsetMicros = new long[n];
        latencyMicros = new long[n];
        latencyDeviationMicros = new long[n];
        latencyKnown = new boolean[n];
        assembly = new PacketAssembly<>(n);
        counters = new CompensatorCounters(n, startMicros, config.defaultFrameIntervalMicros(), config.idleTimeoutMicros());
    }

    public CompensatorConfig config() { return config; }

    public CompensatorCounters counters() { return counters; }

    /** The initial-offset violation that stopped this compensator, or null. */
    public OffsetViolation violation() { return violation; }

    /** Frames currently held for {@code camera}. */
    public int pendingFrames(int camera) { return pending[camera].size(); }

    /** Sequence number the next packet will get (= packets emitted so far). */
    public long packetsEmitted() { return sequence; }

    /**
     * A decoded frame of {@code camera}, captured at {@code captureTimeUtcMicros} (already corrected
     * by any configured per-camera offset), arriving at local time {@code nowMicros}. Takes ownership.
     */
    public void onFrame(int camera, F frame, long captureTimeUtcMicros, TimestampSource source, long nowMicros) {
        counters.increment(camera, CompensatorCounters.RECEIVED);
        if (violation != null) {
            drop(camera, frame, CompensatorCounters.DISCARDED);
            return;
        }
        lastArrivalMicros[camera] = nowMicros;
        counters.set(camera, CompensatorCounters.LAST_ARRIVAL_MICROS, nowMicros);
        counters.set(camera, CompensatorCounters.LAST_SOURCE, source.ordinal());
        consecutiveReadErrors[camera] = 0;
        broken[camera] = null;
        if (source == TimestampSource.ARRIVAL && !config.acceptArrivalTimestamps()) {
            unsynced[camera] = true;
            counters.setState(camera, CameraState.UNSYNCED, null);
            drop(camera, frame, CompensatorCounters.UNSYNCED);
            return;
        }
        unsynced[camera] = false;
        counters.setState(camera, CameraState.STREAMING, null);
        if (delivered[camera] && captureTimeUtcMicros <= newestCaptureUtcMicros[camera]) {
            drop(camera, frame, CompensatorCounters.OUT_OF_ORDER);
            return;
        }
        if (delivered[camera]) {
            updateInterval(camera, captureTimeUtcMicros - newestCaptureUtcMicros[camera]);
        }
        newestCaptureUtcMicros[camera] = captureTimeUtcMicros;
        delivered[camera] = true;
        updateLatency(camera, nowMicros - captureTimeUtcMicros);
        if (!offsetKnown[camera] && checkInitialOffset(camera, captureTimeUtcMicros - nowMicros)) {
            drop(camera, frame, CompensatorCounters.DISCARDED);
            releaseAll();
            return;
        }
        // Both policies: a frame at or before the last packet time can never be used. Under SEED this
        // happens only when an idle camera rejoins with old frames (the reference loop, which waits
        // for every camera forever, never sees it); keeping such a frame would move T_q backwards.
        if (captureTimeUtcMicros <= lastPacketTimeUtcMicros) {
            drop(camera, frame, CompensatorCounters.LATE);
            return;
        }
        PendingFrames p = pending[camera];
        if (p.isFull()) {
            dropHead(camera, CompensatorCounters.OVERFLOW);
        }
        p.add(frame, captureTimeUtcMicros, nowMicros, source);
    }

    /** The source failed to read one frame. More than {@code maxReadErrors} in a row break the camera. */
    public void onReadError(int camera, String reason, long nowMicros) {
        counters.increment(camera, CompensatorCounters.READ_ERRORS);
        readErrorReason[camera] = reason;
        if (++consecutiveReadErrors[camera] > config.maxReadErrors() && broken[camera] == null) {
            setBroken(camera, new CameraFailure(FailureKind.READ_ERROR, consecutiveReadErrors[camera]
                    + " consecutive read errors (maxReadErrors " + config.maxReadErrors() + "), last: " + reason));
        }
    }

    /** The camera's session broke; entries say BROKEN with {@code failure} until it recovers or delivers. */
    public void onBroken(int camera, CameraFailure failure, long nowMicros) {
        setBroken(camera, Objects.requireNonNull(failure, "failure"));
    }

    /** The camera's session was re-established (its next frame would also clear BROKEN). */
    public void onRecovered(int camera, long nowMicros) {
        broken[camera] = null;
        consecutiveReadErrors[camera] = 0;
        // Idle timing restarts: a reconnected camera gets a full idle timeout to deliver again.
        lastArrivalMicros[camera] = nowMicros;
        counters.set(camera, CompensatorCounters.LAST_ARRIVAL_MICROS, nowMicros);
        counters.setState(camera, delivered[camera] ? CameraState.STREAMING : CameraState.CONNECTING, null);
    }

    private void setBroken(int camera, CameraFailure failure) {
        broken[camera] = failure;
        counters.setState(camera, CameraState.BROKEN, failure);
    }

    /**
     * Emits at most one packet to {@code sink}; returns whether it did. Call until it returns false,
     * then wait until new input or {@link #wakeUpAtMicros()}.
     */
    public boolean poll(long nowMicros, PacketSink<F> sink) {
        wakeUpAtMicros = Long.MAX_VALUE;
        if (violation != null) {
            return false;
        }
        return nearest ? pollNearest(nowMicros, sink) : pollSeed(nowMicros, sink);
    }

    /**
     * Local time at which {@link #poll} may emit without new input (a deadline or an idle timeout),
     * as of the last {@code poll} that returned false; {@code Long.MAX_VALUE} when only new input can help.
     */
    public long wakeUpAtMicros() {
        return wakeUpAtMicros;
    }

    /** Releases every pending frame (counted as discarded), e.g. at shutdown. */
    public void releaseAll() {
        for (int c = 0; c < n; c++) {
            while (!pending[c].isEmpty()) {
                dropHead(c, CompensatorCounters.DISCARDED);
            }
        }
    }

    // ---------------------------------------------------------------- NEAREST

    private boolean pollNearest(long now, PacketSink<F> sink) {
        int ref = electReference(now);
        int tCamera = -1;
        if (ref >= 0 && !pending[ref].isEmpty()) {
            tCamera = ref;
        } else {
            long earliest = Long.MAX_VALUE;
            for (int c = 0; c < n; c++) {
                if (!pending[c].isEmpty() && pending[c].captureUtcMicros(0) < earliest) {
                    earliest = pending[c].captureUtcMicros(0);
                    tCamera = c;
                }
            }
            if (tCamera < 0) {
                return false;
            }
        }
        long t = pending[tCamera].captureUtcMicros(0);
        long latestDeadline = Math.min(t, pending[tCamera].arrivalMicros(0)) + config.maxLatencyMicros();
        // Wait for the cameras that have nothing at or after T yet, each until its frame of time T can
        // be expected (its own latency plus jitter margin), but never past maxLatency.
        long expected = Long.MIN_VALUE;
        long wake = Long.MAX_VALUE;
        boolean settled = true;
        for (int c = 0; c < n; c++) {
            if (c != tCamera && isLive(c, now) && (!delivered[c] || newestCaptureUtcMicros[c] < t)) {
                settled = false;
                expected = Math.max(expected, latencyKnown[c] ? t + expectedLatencyMicros(c) : latestDeadline);
                wake = Math.min(wake, lastArrivalMicros[c] + config.idleTimeoutMicros());
            }
        }
        if (!settled) {
            long deadline = Math.min(expected, latestDeadline);
            if (now < deadline) {
                wakeUpAtMicros = Math.min(wake, deadline);
                return false;
            }
        }
        emitNearest(t, ref >= 0 ? ref : tCamera, now, sink);
        return true;
    }

    /**
     * Latency estimate in the manner of TCP's RTT estimator (RFC 6298 §2): smoothed value with gain
     * 1/8, mean deviation with gain 1/4. Latency here is local arrival time minus stamped capture time,
     * so it also absorbs a camera clock offset that was not configured: it says when a frame of capture
     * time T arrives, which is what the deadline needs.
     */
    private void updateLatency(int camera, long sampleMicros) {
        if (!latencyKnown[camera]) {
            latencyMicros[camera] = sampleMicros;
            latencyDeviationMicros[camera] = 0;
            latencyKnown[camera] = true;
            counters.set(camera, CompensatorCounters.ARRIVAL_LATENCY_MICROS, sampleMicros);
            return;
        }
        long error = sampleMicros - latencyMicros[camera];
        latencyMicros[camera] += error / 8;
        latencyDeviationMicros[camera] += (Math.abs(error) - latencyDeviationMicros[camera]) / 4;
        counters.set(camera, CompensatorCounters.ARRIVAL_LATENCY_MICROS, latencyMicros[camera]);
    }

    /** How long after its capture a frame of {@code camera} can be expected: latency + 4 deviations + half a frame interval. */
    private long expectedLatencyMicros(int camera) {
        return latencyMicros[camera] + 4 * latencyDeviationMicros[camera] + intervalMicros[camera] / 2;
    }

    private int electReference(long now) {
        int current = reference;
        if (current >= 0 && !(delivered[current] && isLive(current, now))) {
            current = -1;
        }
        int best = -1;
        long bestInterval = Long.MAX_VALUE;
        for (int c = 0; c < n; c++) {
            if (delivered[c] && isLive(c, now) && intervalMicros[c] < bestInterval) {
                best = c;
                bestInterval = intervalMicros[c];
            }
        }
        if (current < 0 || (best >= 0 && bestInterval * 5 < intervalMicros[current] * 4)) {
            current = best;
        }
        reference = current;
        return current;
    }

    private void emitNearest(long t, int ref, long now, PacketSink<F> sink) {
        long refHalfInterval = intervalMicros[ref] / 2;
        long min = Long.MAX_VALUE, max = Long.MIN_VALUE;
        for (int c = 0; c < n; c++) {
            PendingFrames p = pending[c];
            long tol = tolerance(c);
            long lo = t - tol;
            long hi = t + Math.min(tol, refHalfInterval);
            while (!p.isEmpty() && p.captureUtcMicros(0) < lo) {
                dropHead(c, CompensatorCounters.LATE);
            }
            int best = -1;
            long bestDistance = Long.MAX_VALUE;
            for (int i = 0, size = p.size(); i < size; i++) {
                long ts = p.captureUtcMicros(i);
                if (ts > hi) {
                    break;
                }
                long d = Math.abs(ts - t);
                if (d >= bestDistance) {
                    break;
                }
                best = i;
                bestDistance = d;
            }
            if (best < 0) {
                missing(c, now);
                continue;
            }
            for (int i = 0; i < best; i++) {
                // Behind the chosen frame and farther from T; later packet times are farther still.
                dropHead(c, CompensatorCounters.LATE);
            }
            long ts = take(c);
            min = Math.min(min, ts);
            max = Math.max(max, ts);
        }
        finish(t, min, max, now, sink);
        lastPacketTimeUtcMicros = t;
    }

    // ---------------------------------------------------------------- SEED

    private boolean pollSeed(long now, PacketSink<F> sink) {
        long tq = Long.MIN_VALUE;
        long anyHead = Long.MIN_VALUE;
        long wake = Long.MAX_VALUE;
        boolean ready = true;
        for (int c = 0; c < n; c++) {
            boolean live = isLive(c, now);
            if (!pending[c].isEmpty()) {
                long head = pending[c].captureUtcMicros(0);
                anyHead = Math.max(anyHead, head);
                if (live) {
                    tq = Math.max(tq, head);
                }
            } else if (live) {
                ready = false;
                wake = Math.min(wake, lastArrivalMicros[c] + config.idleTimeoutMicros());
            }
        }
        if (!ready) {
            wakeUpAtMicros = wake;
            return false;
        }
        if (anyHead == Long.MIN_VALUE) {
            return false;
        }
        if (tq == Long.MIN_VALUE) {
            tq = anyHead; // no live camera left: flush what the others still hold
        }
        for (int c = 0; c < n; c++) {
            if (isLive(c, now) && newestCaptureUtcMicros[c] < tq) {
                ready = false;
                wake = Math.min(wake, lastArrivalMicros[c] + config.idleTimeoutMicros());
            }
        }
        if (!ready) {
            wakeUpAtMicros = wake;
            return false;
        }
        long min = Long.MAX_VALUE, max = Long.MIN_VALUE;
        for (int c = 0; c < n; c++) {
            PendingFrames p = pending[c];
            if (p.isEmpty() || p.captureUtcMicros(0) > tq) {
                missing(c, now);
                continue;
            }
            while (p.size() > 1 && p.captureUtcMicros(1) <= tq) {
                dropHead(c, CompensatorCounters.SKIPPED);
            }
            long ts = take(c);
            min = Math.min(min, ts);
            max = Math.max(max, ts);
        }
        finish(tq, min, max, now, sink);
        lastPacketTimeUtcMicros = tq;
        return true;
    }

    // ---------------------------------------------------------------- shared

    private long take(int c) {
        PendingFrames p = pending[c];
        long ts = p.captureUtcMicros(0);
        assembly.setFrame(c, p.frame(0), ts, p.arrivalMicros(0), p.source(0));
        p.removeHead();
        readErrorReason[c] = null;
        counters.increment(c, CompensatorCounters.USED);
        return ts;
    }

    private void missing(int c, long now) {
        if (broken[c] != null) {
            assembly.setBroken(c, broken[c]);
        } else if (readErrorReason[c] != null) {
            assembly.setMissing(c, EntryStatus.READ_ERROR, readErrorReason[c]);
            readErrorReason[c] = null;
        } else if (unsynced[c]) {
            assembly.setMissing(c, EntryStatus.DROPPED, REASON_UNSYNCED);
        } else if (!delivered[c]) {
            assembly.setMissing(c, EntryStatus.DROPPED, REASON_NO_FRAME_YET);
        } else if (now - lastArrivalMicros[c] >= config.idleTimeoutMicros()) {
            assembly.setMissing(c, EntryStatus.DROPPED, REASON_IDLE);
        } else {
            assembly.setMissing(c, EntryStatus.DROPPED, nearest ? REASON_NOT_IN_TOLERANCE : REASON_SUPERSEDED);
        }
    }

    private void finish(long t, long min, long max, long now, PacketSink<F> sink) {
        assembly.sequence = sequence++;
        assembly.referenceTimeUtcMicros = t;
        assembly.spreadMicros = max > min ? max - min : 0;
        assembly.emittedAtMicros = now;
        try {
            sink.accept(assembly);
        } finally {
            assembly.clearFrames();
        }
    }

    private boolean isLive(int c, long now) {
        return broken[c] == null && !unsynced[c] && now - lastArrivalMicros[c] < config.idleTimeoutMicros();
    }

    private long tolerance(int c) {
        long configured = config.toleranceMicros();
        return configured > 0 ? configured : intervalMicros[c] / 2;
    }

    /**
     * Exponentially weighted mean (1/8) of the capture-time deltas. A delta above 1.75 x the estimate
     * is a skipped frame (loss, decoder drop) and is ignored; eight such deltas in a row mean the
     * camera really changed its rate, and the estimate restarts from the new delta.
     */
    private void updateInterval(int c, long delta) {
        if (!intervalKnown[c]) {
            intervalMicros[c] = delta;
            intervalKnown[c] = true;
        } else if (delta * 4 <= intervalMicros[c] * 7) {
            intervalMicros[c] += (delta - intervalMicros[c]) / 8;
            intervalRejects[c] = 0;
        } else if (++intervalRejects[c] >= 8) {
            intervalMicros[c] = delta;
            intervalRejects[c] = 0;
        }
        if (intervalMicros[c] < 1) {
            intervalMicros[c] = 1;
        }
        counters.set(c, CompensatorCounters.FRAME_INTERVAL_MICROS, intervalMicros[c]);
    }

    /** Records the camera's first offset; returns true (and stops the engine) on a violation. */
    private boolean checkInitialOffset(int camera, long offsetMicros) {
        offsetKnown[camera] = true;
        initialOffsetMicros[camera] = offsetMicros;
        long limit = config.maxInitialStreamOffsetMicros();
        if (limit < 0) {
            return false;
        }
        int worst = -1;
        long worstDiff = -1;
        for (int c = 0; c < n; c++) {
            if (c != camera && offsetKnown[c]) {
                long d = Math.abs(offsetMicros - initialOffsetMicros[c]);
                if (d > worstDiff) {
                    worstDiff = d;
                    worst = c;
                }
            }
        }
        if (worst >= 0 && worstDiff > limit) {
            int a = Math.min(worst, camera), b = Math.max(worst, camera);
            violation = new OffsetViolation(a, config.cameraName(a), b, config.cameraName(b), worstDiff, limit);
            return true;
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    private void dropHead(int c, int counter) {
        drop(c, (F) pending[c].removeHead(), counter);
    }

    private void drop(int c, F frame, int counter) {
        counters.increment(c, counter);
        releaser.release(frame);
    }
}
