package dev.streamsync.sync;

import dev.streamsync.failure.CameraFailure;
import dev.streamsync.failure.FailureKind;
import dev.streamsync.clock.TimestampSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
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
 * <p><b>NEAREST</b> (default): packet time T strictly increases; each camera contributes at most one
 * frame per packet, each frame at most once.
 * <ul>
 *   <li><i>The packet clock.</i> T follows the frames of a <i>reference camera</i>: the live camera
 *   with the shortest frame interval (sticky: it is replaced only when it stops being live or another
 *   camera is at least 25 % faster). Its frames are the grid: the next T is its next frame, if that
 *   lies within 1.5 intervals of the last T; otherwise (its frame was lost or has not come) T is the
 *   grid point {@code lastT + interval}, or the first later grid point some camera has a frame for.
 *   A reference frame less than half an interval after the last T belongs to that instant, which
 *   was already emitted: it is late, never a packet of its own (so one instant is never split
 *   into two packets microseconds apart). Taking "the earliest pending frame of any camera" as T was
 *   rejected because independent cameras have random phases, which would split every frame period
 *   into several half-empty packets.</li>
 *   <li><i>Same rate: every frame once, at any phase.</i> For a camera whose frame interval is within
 *   10 % of the reference's (18 % once tracked), its phase {@code phi} (capture time minus T of its matched frames) is
 *   tracked: smoothed with gain 1/16, and wrapped by one interval only beyond
 *   {@code ±(interval/2 + interval/8)} (hysteresis). Its frame for packet T is the one nearest to
 *   {@code T + phi} within half an interval of it, i.e. slot {@code round((ts - phi - T0) / interval)}.
 *   Capture jitter does not move the smoothed phase, so a camera whose phase sits at half an
 *   interval, with jitter, or drifts through it (free-running cameras drift by tens of ppm), puts
 *   each frame into exactly one packet. A phase that drifts through a whole interval costs the one
 *   frame the rates differ by at the wrap. A matched frame's offset from T is therefore at most
 *   {@code 5/8} of an interval plus its jitter.</li>
 *   <li><i>Other rates.</i> A camera at another rate (15 fps next to a 30 fps reference) matches its
 *   frame nearest to T in {@code [T - tol, T + min(tol, refInterval/2)]}, tol = half its own
 *   interval (or the configured tolerance): it would otherwise give its frame to the packet before
 *   the one it is nearest to. Ties go to the earlier frame. A configured tolerance also bounds the
 *   offset of same-rate cameras.</li>
 *   <li><i>When a packet is emitted.</i> As soon as every live camera has a frame at or past a
 *   quarter interval before its slot for T (frames of one camera arrive in capture order, so no later frame can match), or at
 *   a deadline: the latest time at which the missing cameras' frames of time T can be expected
 *   (each camera's smoothed arrival-minus-capture latency, plus a margin of four mean deviations but
 *   at least {@value #MIN_WAIT_MARGIN_MICROS} µs, plus its phase or half its frame interval), but
 *   never later than {@code min(T, arrival of T's frame) + maxLatency} (the arrival term keeps a
 *   camera whose clock runs ahead from postponing output). The deadline follows each camera's learnt
 *   latency, so a camera 1.5 s behind is waited for without configuration. The floor on the margin
 *   matters for cameras of one server whose capture times are identical: their deviation is about 0
 *   and any hiccup of the connection (over TCP, every ~5 s) would miss a deadline that tight.</li>
 *   <li><i>Late frames and late cameras.</i> A frame captured at or before the last packet time, or
 *   left behind T by its window, can never be used: it is released and counted as late. A camera
 *   whose smoothed latency exceeds {@code maxLatency} is LATE: it no longer holds packets back, its
 *   entries say "late: arrived N ms after capture, maxLatency M ms", and it is logged once with the
 *   fix; it is STREAMING again once its latency falls below 15/16 of the cap.</li>
 *   <li><i>Catch-up bursts.</i> When more packets are ready at once than the sink can take
 *   ({@link PacketSink#capacityLeft()}, e.g. frames held for the first clock anchor and released
 *   together), only the newest that fit are emitted; the reference frames of the older ones are
 *   counted late. An application that keeps up therefore loses no packet from its queue.</li>
 * </ul>
 *
 * <h2>Liveness and status</h2>
 * A camera holds packets back only while it is <i>live</i>: not broken, ended, unsynced, late or
 * clock-stepped, and it delivered a frame (or the compensator started) less than {@code idleTimeout}
 * ago. A silent camera therefore delays packets by at most its expected latency (at most
 * {@code maxLatency}) each until {@code idleTimeout}, then not at all, and rejoins with its next
 * frame. Its pending queue is bounded ({@code maxPendingFrames}, oldest dropped first), so it cannot
 * grow memory. Entries without a frame carry a status: BROKEN (with the source's
 * {@code CameraFailure}, or after more than {@code maxReadErrors} consecutive read errors, kind
 * READ_ERROR), ENDED (the source ended for good, with its failure), READ_ERROR (a read error since the
 * camera's last entry), or DROPPED (with a reason).
 *
 * <p><b>Packets never stop.</b> While the reference camera is live, a packet comes for every grid
 * point at its deadline, with or without frames. While no camera is live and none has a frame
 * pending (all broken, idle, unsynced ..., not all ended), <i>status packets</i> come at the cameras' frame
 * interval (the shortest estimated one) with each camera's status, their T continuing the grid but
 * at least {@code now - maxLatency}; so an application always sees why nothing comes.
 *
 * <p><b>Clock steps.</b> A camera whose (arrival - capture) offset, taken against the mean of the
 * other live cameras' smoothed offsets, moves by more than {@link CompensatorConfig#clockStepLimitMicros()}
 * from its usual value (its sender reports jumped, say by -10 s or +1 h) is CLOCK_STEPPED: its frames
 * are kept out of packets (counted as clock stepped) and it holds nobody back, until its offset
 * agrees again. The others' packets go on undisturbed, also when the stepped camera was the
 * reference. With no other live camera to compare with, a step is taken as the new normal.
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
    static final String REASON_LATE_PREFIX = "late: arrived ";
    static final String REASON_CLOCK_STEP_PREFIX = "clock step: ";
    /** Floor of the jitter margin a packet waits for a camera beyond its smoothed latency. */
    static final long MIN_WAIT_MARGIN_MICROS = 100_000;
    /** Frames over which a camera's frame interval is measured. */
    static final int INTERVAL_WINDOW = 32;
    private static final Logger LOG = LoggerFactory.getLogger(Compensator.class);

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
    /** Capture times of each camera's last {@link #INTERVAL_WINDOW} frames (ring), for the interval estimate. */
    private final long[][] recentCaptureUtcMicros;
    private final int[] recentCount;
    private final int[] recentNext;
    private final boolean[] unsynced;
    /** Why each camera is broken, or null. */
    private final CameraFailure[] broken;
    /** Why each camera ended for good, or null. */
    private final CameraFailure[] ended;
    private final String[] readErrorReason;
    private final int[] consecutiveReadErrors;
    private final boolean[] offsetKnown;
    private final long[] initialOffsetMicros;
    /** Smoothed (arrival - capture) per camera, and its mean deviation: when a frame of time T is expected. */
    private final long[] latencyMicros;
    private final long[] latencyDeviationMicros;
    private final boolean[] latencyKnown;
    /** NEAREST: the camera's latency exceeds maxLatency (state LATE); logged once per camera. */
    private final boolean[] late;
    private final boolean[] lateLogged;
    /** Smoothed (own latency - mean latency of the other live cameras), when it could be measured. */
    private final long[] relativeLatencyMicros;
    private final boolean[] relativeKnown;
    /** The camera's clock stepped away from the others'; the step of its last frame; logged once per episode. */
    private final boolean[] stepped;
    private final long[] stepMicros;
    /** Same-rate cameras: smoothed capture time minus packet time of their matched frames. */
    private final long[] phaseMicros;
    private final boolean[] phaseKnown;
    private final String[] reasonBuffer;
    private final long[] reasonKey;
    private final long[] reasonLimitMillis;
    private final PacketAssembly<F> assembly;
    private final CompensatorCounters counters;
    private OffsetViolation violation;
    private int reference = -1;
    private long lastPacketTimeUtcMicros = Long.MIN_VALUE;
    private long lastEmittedAtMicros = Long.MIN_VALUE;
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
        Arrays.fill(lastArrivalMicros, startMicros);
        delivered = new boolean[n];
        intervalMicros = new long[n];
        Arrays.fill(intervalMicros, config.defaultFrameIntervalMicros());
        intervalKnown = new boolean[n];
        recentCaptureUtcMicros = new long[n][INTERVAL_WINDOW];
        recentCount = new int[n];
        recentNext = new int[n];
        unsynced = new boolean[n];
        broken = new CameraFailure[n];
        ended = new CameraFailure[n];
        readErrorReason = new String[n];
        consecutiveReadErrors = new int[n];
        offsetKnown = new boolean[n];
        initialOffsetMicros = new long[n];
        latencyMicros = new long[n];
        latencyDeviationMicros = new long[n];
        latencyKnown = new boolean[n];
        late = new boolean[n];
        lateLogged = new boolean[n];
        relativeLatencyMicros = new long[n];
        relativeKnown = new boolean[n];
        stepped = new boolean[n];
        stepMicros = new long[n];
        phaseMicros = new long[n];
        phaseKnown = new boolean[n];
        reasonBuffer = new String[n];
        reasonKey = new long[n];
        reasonLimitMillis = new long[n];
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
     * True when no camera ever delivered a synced frame and every camera has failed for good: it
     * ended, or it is broken with a {@linkplain FailureKind#isPermanent() permanent} kind
     * (authentication, not found, unknown host, unsupported media), at least one of them broken (when
     * every source ended, the streams ended). No packet with a frame can come.
     */
    public boolean allFailedForGood() {
        boolean anyBroken = false;
        for (int c = 0; c < n; c++) {
            if (delivered[c]) {
                return false;
            }
            boolean permanent = ended[c] != null || (broken[c] != null && broken[c].kind().isPermanent());
            if (!permanent) {
                return false;
            }
            anyBroken |= ended[c] == null;
        }
        // Every source ended (files that could not be played): that is the end of the streams, not a failure.
        return anyBroken;
    }

    /** Why each camera failed (broken or ended), null for a camera that has not; a copy. */
    public CameraFailure[] failures() {
        CameraFailure[] f = new CameraFailure[n];
        for (int c = 0; c < n; c++) {
            f[c] = ended[c] != null ? ended[c] : broken[c];
        }
        return f;
    }

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
        ended[camera] = null;
        if (source == TimestampSource.ARRIVAL && !config.acceptArrivalTimestamps()) {
            unsynced[camera] = true;
            counters.setState(camera, CameraState.UNSYNCED, null);
            drop(camera, frame, CompensatorCounters.UNSYNCED);
            return;
        }
        unsynced[camera] = false;
        if (clockStepped(camera, captureTimeUtcMicros, nowMicros)) {
            drop(camera, frame, CompensatorCounters.CLOCK_STEPPED);
            return;
        }
        if (delivered[camera] && captureTimeUtcMicros <= newestCaptureUtcMicros[camera]) {
            updateState(camera);
            drop(camera, frame, CompensatorCounters.OUT_OF_ORDER);
            return;
        }
        if (delivered[camera]) {
            updateInterval(camera, captureTimeUtcMicros - newestCaptureUtcMicros[camera]);
        }
        newestCaptureUtcMicros[camera] = captureTimeUtcMicros;
        delivered[camera] = true;
        updateLatency(camera, nowMicros - captureTimeUtcMicros);
        updateLate(camera);
        updateState(camera);
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

    /**
     * The camera's source will never deliver again (a video file played to its end); entries say
     * ENDED with {@code failure}. Frames it already delivered are still matched.
     */
    public void onEnded(int camera, CameraFailure failure, long nowMicros) {
        ended[camera] = Objects.requireNonNull(failure, "failure");
        broken[camera] = null;
        counters.setState(camera, CameraState.ENDED, failure);
    }

    /** The camera's session was re-established (its next frame would also clear BROKEN). */
    public void onRecovered(int camera, long nowMicros) {
        broken[camera] = null;
        consecutiveReadErrors[camera] = 0;
        // Idle timing restarts: a reconnected camera gets a full idle timeout to deliver again.
        lastArrivalMicros[camera] = nowMicros;
        counters.set(camera, CompensatorCounters.LAST_ARRIVAL_MICROS, nowMicros);
        // A new session may map RTP time to UTC slightly differently: the phase is learnt again.
        phaseKnown[camera] = false;
        if (delivered[camera]) {
            updateState(camera);
        } else {
            counters.setState(camera, CameraState.CONNECTING, null);
        }
    }

    private void setBroken(int camera, CameraFailure failure) {
        broken[camera] = failure;
        phaseKnown[camera] = false;
        counters.setState(camera, CameraState.BROKEN, failure);
    }

    /** State after a synced frame: LATE or CLOCK_STEPPED when so, STREAMING otherwise. */
    private void updateState(int camera) {
        CameraState s = stepped[camera] ? CameraState.CLOCK_STEPPED : late[camera] ? CameraState.LATE : CameraState.STREAMING;
        counters.setState(camera, s, null);
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
        boolean emitted = nearest ? pollNearest(nowMicros, sink) : pollSeed(nowMicros, sink);
        if (!emitted && !anyLive(nowMicros)) {
            emitted = pollStatus(nowMicros, sink);
        }
        return emitted;
    }

    /**
     * Local time at which {@link #poll} may emit without new input (a deadline, an idle timeout or a
     * status packet), as of the last {@code poll} that returned false; {@code Long.MAX_VALUE} when
     * only new input can help.
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

    // ---------------------------------------------------------------- status packets

    /**
     * No camera is live: one packet per frame interval with every camera's status, so that an
     * application sees the outage. T continues the grid ({@code lastT + interval}) but is at least
     * {@code now - maxLatency}, so that a camera coming back (latency below the cap) is not late.
     */
    private boolean pollStatus(long now, PacketSink<F> sink) {
        boolean allEnded = true;
        for (int c = 0; c < n; c++) {
            if (!pending[c].isEmpty()) {
                return false; // frames of a camera that just stopped being live are flushed first
            }
            allEnded &= ended[c] != null;
        }
        if (allEnded) {
            return false; // every source ended: the streams are over, there is no status to wait for
        }
        long interval = statusIntervalMicros();
        if (lastEmittedAtMicros != Long.MIN_VALUE && now - lastEmittedAtMicros < interval) {
            wakeUpAtMicros = Math.min(wakeUpAtMicros, lastEmittedAtMicros + interval);
            return false;
        }
        long t = now - config.maxLatencyMicros();
        if (lastPacketTimeUtcMicros != Long.MIN_VALUE) {
            t = Math.max(t, lastPacketTimeUtcMicros + interval);
        }
        for (int c = 0; c < n; c++) {
            missing(c, now);
        }
        finish(t, Long.MAX_VALUE, Long.MIN_VALUE, now, sink);
        lastPacketTimeUtcMicros = t;
        return true;
    }

    /** The shortest estimated frame interval of the cameras that delivered, else the default. */
    private long statusIntervalMicros() {
        long interval = Long.MAX_VALUE;
        for (int c = 0; c < n; c++) {
            if (intervalKnown[c]) {
                interval = Math.min(interval, intervalMicros[c]);
            }
        }
        return interval == Long.MAX_VALUE ? config.defaultFrameIntervalMicros() : interval;
    }

    private boolean anyLive(long now) {
        for (int c = 0; c < n; c++) {
            if (isLive(c, now)) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- NEAREST

    private boolean pollNearest(long now, PacketSink<F> sink) {
        int ref = electReference(now);
        boolean haveLast = lastPacketTimeUtcMicros != Long.MIN_VALUE;
        if (haveLast) {
            // A frame less than half an interval after the last packet time belongs to that instant,
            // which is gone: late, never a packet of its own one microsecond after it (issue 10, #5).
            for (int c = 0; c < n; c++) {
                if (c == ref || ref < 0) {
                    long floor = lastPacketTimeUtcMicros + intervalMicros[c] / 2;
                    while (!pending[c].isEmpty() && pending[c].captureUtcMicros(0) < floor) {
                        dropHead(c, CompensatorCounters.LATE);
                    }
                }
            }
        }
        if (ref >= 0) {
            trimBurst(ref, now, sink.capacityLeft());
        }
        long t;
        int tCamera;
        if (ref >= 0 && !haveLast && !pending[ref].isEmpty()) {
            // The first packet: at the reference's first frame, or one grid point before it when
            // another camera's first frame is too early for it (cameras start within a frame).
            tCamera = ref;
            t = pending[ref].captureUtcMicros(0);
            long before = t - intervalMicros[ref];
            for (int c = 0; c < n; c++) {
                if (!pending[c].isEmpty() && pending[c].captureUtcMicros(0) < t - tolerance(c)) {
                    tCamera = -1;
                    t = before;
                    break;
                }
            }
        } else if (ref >= 0 && !pending[ref].isEmpty()
                && (!haveLast || pending[ref].captureUtcMicros(0) <= lastPacketTimeUtcMicros + intervalMicros[ref] * 3 / 2)) {
            tCamera = ref;
            t = pending[ref].captureUtcMicros(0);
        } else if (ref >= 0 && haveLast) {
            tCamera = -1;
            t = nextGridPoint(ref);
            if (!pending[ref].isEmpty() && Math.abs(pending[ref].captureUtcMicros(0) - t) <= intervalMicros[ref] / 2) {
                tCamera = ref;
                t = pending[ref].captureUtcMicros(0);
            }
        } else {
            tCamera = -1;
            t = Long.MAX_VALUE;
            for (int c = 0; c < n; c++) {
                if (!pending[c].isEmpty() && pending[c].captureUtcMicros(0) < t) {
                    t = pending[c].captureUtcMicros(0);
                    tCamera = c;
                }
            }
            if (tCamera < 0) {
                return false;
            }
        }
        long ready = readyAtMicros(t, tCamera, ref, now);
        if (now < ready) {
            wakeUpAtMicros = ready;
            return false;
        }
        emitNearest(t, ref >= 0 ? ref : tCamera, now, sink);
        return true;
    }

    /**
     * The grid point after the last packet: {@code lastT + interval}, unless no camera has a frame
     * for it while some camera has one for a later grid point (the reference was silent for a while):
     * then that later point, so that a pause costs no burst of empty packets.
     */
    private long nextGridPoint(int ref) {
        long interval = intervalMicros[ref];
        long base = lastPacketTimeUtcMicros + interval;
        long earliestSlotTime = Long.MAX_VALUE;
        for (int c = 0; c < n; c++) {
            if (!pending[c].isEmpty()) {
                earliestSlotTime = Math.min(earliestSlotTime, pending[c].captureUtcMicros(0) - phaseOf(c, ref));
            }
        }
        if (earliestSlotTime == Long.MAX_VALUE || earliestSlotTime < base + interval / 2) {
            return base;
        }
        long k = Math.max(1, Math.round((earliestSlotTime - lastPacketTimeUtcMicros) / (double) interval));
        return lastPacketTimeUtcMicros + k * interval;
    }

    /**
     * Local time from which the packet of time {@code t} may be emitted: {@code Long.MIN_VALUE} when
     * every live camera has a frame at or past its window for {@code t}, otherwise the deadline.
     */
    private long readyAtMicros(long t, int tCamera, int ref, long now) {
        long latestDeadline = (tCamera >= 0 ? Math.min(t, arrivalOf(tCamera, t)) : t) + config.maxLatencyMicros();
        long expected = Long.MIN_VALUE;
        boolean settled = true;
        for (int c = 0; c < n; c++) {
            if (c == tCamera || !isLive(c, now) || isSettled(c, t, ref)) {
                continue;
            }
            settled = false;
            expected = Math.max(expected, latencyKnown[c] ? t + expectedLatencyMicros(c, ref) : latestDeadline);
        }
        if (settled) {
            return Long.MIN_VALUE;
        }
        return Math.min(expected, latestDeadline);
    }

    /** Arrival of {@code camera}'s pending frame captured at {@code t} (its head when not found). */
    private long arrivalOf(int camera, long t) {
        PendingFrames p = pending[camera];
        for (int i = 0, size = p.size(); i < size; i++) {
            if (p.captureUtcMicros(i) == t) {
                return p.arrivalMicros(i);
            }
        }
        return p.isEmpty() ? t : p.arrivalMicros(0);
    }

    /** Whether camera {@code c} has delivered a frame at or past its window for packet time {@code t}. */
    private boolean isSettled(int c, long t, int ref) {
        if (!delivered[c]) {
            return false;
        }
        if (tracksPhase(c, ref)) {
            // Its frame for T lies around T + phi; a frame a quarter interval before that or later is it
            // (or a later one). Not the window's lower edge: the previous frame, captured with jitter,
            // could reach it, and the packet would go out before this frame came.
            return newestCaptureUtcMicros[c] >= t + phaseOf(c, ref) - intervalMicros[c] / 4;
        }
        return newestCaptureUtcMicros[c] >= t;
    }

    /** The reference itself, and same-rate cameras whose phase is known, are matched by phase. */
    private boolean tracksPhase(int c, int ref) {
        return ref >= 0 && (c == ref || (phaseKnown[c] && sameRate(c, ref)));
    }

    private long phaseOf(int c, int ref) {
        return ref >= 0 && c != ref && phaseKnown[c] && sameRate(c, ref) ? phaseMicros[c] : 0;
    }

    /**
     * Frame intervals within 10 % (clock drift is tens of ppm; the rest is capture jitter in the
     * estimates): the same nominal rate. Once the camera's phase is tracked, it stays the same rate
     * up to 18 % (hysteresis: a jittery estimate must not drop the phase; 30 and 25 fps differ by 20 %).
     */
    private boolean sameRate(int c, int ref) {
        long a = intervalMicros[c], b = intervalMicros[ref];
        long percent = phaseKnown[c] ? 18 : 10;
        return intervalKnown[c] && intervalKnown[ref] && Math.abs(a - b) * 100 <= b * percent;
    }

    /**
     * Catch-up burst: when more of the reference's pending frames are ready to be emitted at once
     * than the sink can take, the older ones are counted late (their instants are past what the
     * application's queue can hold); at least one is always emitted.
     */
    private void trimBurst(int ref, long now, int capacityLeft) {
        PendingFrames p = pending[ref];
        int room = Math.max(1, capacityLeft);
        if (p.size() <= room) {
            return;
        }
        int ready = 0;
        for (int i = 0, size = p.size(); i < size; i++) {
            if (readyAtMicros(p.captureUtcMicros(i), ref, ref, now) > now) {
                break;
            }
            ready++;
        }
        for (int i = ready; i > room; i--) {
            dropHead(ref, CompensatorCounters.LATE);
        }
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
        } else {
            long error = sampleMicros - latencyMicros[camera];
            latencyMicros[camera] += error / 8;
            latencyDeviationMicros[camera] += (Math.abs(error) - latencyDeviationMicros[camera]) / 4;
        }
        counters.set(camera, CompensatorCounters.ARRIVAL_LATENCY_MICROS, latencyMicros[camera]);
    }

    /**
     * NEAREST: LATE when the smoothed latency exceeds maxLatency, back below 15/16 of it (hysteresis).
     * Logged once per camera with the fix.
     */
    private void updateLate(int camera) {
        if (!nearest) {
            return;
        }
        long cap = config.maxLatencyMicros();
        if (!late[camera] && latencyMicros[camera] > cap) {
            late[camera] = true;
            if (!lateLogged[camera]) {
                lateLogged[camera] = true;
                LOG.warn("{}: frames arrive {} ms after their capture time, later than maxLatency {} ms: they miss every packet. "
                                + "Raise the cap (--max-latency-ms N, StreamSynchronizer.Builder.maxLatency) above the camera's latency, "
                                + "or correct its clock (--offset-ms / Camera.timestampOffset) if it runs behind",
                        config.cameraName(camera), latencyMicros[camera] / 1000, cap / 1000);
            }
        } else if (late[camera] && latencyMicros[camera] * 16 < cap * 15) {
            late[camera] = false;
        }
    }

    /**
     * How long after time {@code T} the frame of {@code camera} for packet T can be expected:
     * latency + max(4 deviations, floor) + its phase (same-rate cameras) or half its frame interval.
     */
    private long expectedLatencyMicros(int camera, int ref) {
        long margin = Math.max(4 * latencyDeviationMicros[camera], MIN_WAIT_MARGIN_MICROS);
        long position = tracksPhase(camera, ref) ? Math.max(0, phaseOf(camera, ref)) : intervalMicros[camera] / 2;
        return latencyMicros[camera] + margin + position;
    }

    /**
     * Whether the frame captured at {@code captureUtcMicros} shows that the camera's clock has
     * stepped away from the others' (see the class comment); updates the camera's relative offset.
     * A frame that only arrives later than usual (a stall, a burst of held frames) is not a step: it
     * is late. A later arrival counts as a step only when the capture time also went backwards.
     */
    private boolean clockStepped(int camera, long captureUtcMicros, long now) {
        long sampleMicros = now - captureUtcMicros;
        boolean wentBack = delivered[camera] && captureUtcMicros <= newestCaptureUtcMicros[camera];
        long limit = config.clockStepLimitMicros();
        long sum = 0;
        int others = 0;
        for (int d = 0; d < n; d++) {
            if (d != camera && latencyKnown[d] && !stepped[d] && broken[d] == null && ended[d] == null
                    && now - lastArrivalMicros[d] < config.idleTimeoutMicros()) {
                sum += latencyMicros[d];
                others++;
            }
        }
        if (others == 0) {
            relativeKnown[camera] = false;
            if (latencyKnown[camera] && isStep(sampleMicros - latencyMicros[camera], limit, wentBack)) {
                // Nobody to compare with: the step is the camera's new normal (or the local clock's).
                latencyKnown[camera] = false;
                delivered[camera] = false;
                recentCount[camera] = 0;
            }
            leaveStep(camera);
            return false;
        }
        long relative = sampleMicros - sum / others;
        if (!relativeKnown[camera]) {
            relativeLatencyMicros[camera] = relative;
            relativeKnown[camera] = true;
            leaveStep(camera);
            return false;
        }
        long step = relative - relativeLatencyMicros[camera];
        if (isStep(step, limit, wentBack)) {
            stepMicros[camera] = step;
            if (!stepped[camera]) {
                stepped[camera] = true;
                phaseKnown[camera] = false;
                counters.setState(camera, CameraState.CLOCK_STEPPED, null);
                LOG.warn("{}: its timestamps moved {} ms away from the other cameras' (more than {} ms at once): "
                                + "its clock stepped; kept out of packets until it agrees again",
                        config.cameraName(camera), -step / 1000, limit / 1000);
            }
            return true;
        }
        relativeLatencyMicros[camera] += step / 8;
        leaveStep(camera);
        return false;
    }

    /** A latency change beyond the limit: forward in time always, backward only when the capture time went back. */
    private static boolean isStep(long latencyChangeMicros, long limit, boolean wentBack) {
        return latencyChangeMicros < -limit || (latencyChangeMicros > limit && wentBack);
    }

    private void leaveStep(int camera) {
        if (stepped[camera]) {
            stepped[camera] = false;
            LOG.info("{}: its clock agrees with the other cameras' again", config.cameraName(camera));
        }
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
        if (current != reference) {
            // Phases are measured against the reference's frames: a new reference, new phases.
            Arrays.fill(phaseKnown, false);
        }
        reference = current;
        return current;
    }

    private void emitNearest(long t, int ref, long now, PacketSink<F> sink) {
        long refHalfInterval = intervalMicros[ref] / 2;
        long configuredTolerance = config.toleranceMicros();
        long min = Long.MAX_VALUE, max = Long.MIN_VALUE;
        for (int c = 0; c < n; c++) {
            PendingFrames p = pending[c];
            boolean byPhase = tracksPhase(c, ref);
            long center, lo, hi;
            if (byPhase) {
                center = t + phaseOf(c, ref);
                lo = center - intervalMicros[c] / 2;
                hi = center + intervalMicros[c] / 2;
                if (configuredTolerance > 0) {
                    lo = Math.max(lo, t - configuredTolerance);
                    hi = Math.min(hi, t + configuredTolerance);
                }
            } else {
                long tol = tolerance(c);
                center = t;
                lo = t - tol;
                // Same rate (phase not yet known) or rate not yet known: symmetric; another rate: not past half the reference's interval.
                hi = t + (!intervalKnown[ref] || sameRate(c, ref) ? tol : Math.min(tol, refHalfInterval));
            }
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
                long d = Math.abs(ts - center);
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
                // Behind the chosen frame and farther from its slot; later packet times are farther still.
                dropHead(c, CompensatorCounters.LATE);
            }
            long ts = take(c);
            if (c != ref && sameRate(c, ref)) {
                trackPhase(c, ts - t);
            }
            min = Math.min(min, ts);
            max = Math.max(max, ts);
        }
        finish(t, min, max, now, sink);
        lastPacketTimeUtcMicros = t;
    }

    /** Smooths the camera's phase (gain 1/16) and wraps it by one interval beyond ±5/8 of one. */
    private void trackPhase(int c, long offsetMicros) {
        long interval = intervalMicros[c];
        if (!phaseKnown[c]) {
            phaseMicros[c] = offsetMicros;
            phaseKnown[c] = true;
        } else {
            phaseMicros[c] += (offsetMicros - phaseMicros[c]) / 16;
        }
        long wrapAt = interval / 2 + interval / 8;
        if (phaseMicros[c] > wrapAt) {
            phaseMicros[c] -= interval;
        } else if (phaseMicros[c] < -wrapAt) {
            phaseMicros[c] += interval;
        }
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
        if (ended[c] != null) {
            assembly.setEnded(c, ended[c]);
        } else if (broken[c] != null) {
            assembly.setBroken(c, broken[c]);
        } else if (readErrorReason[c] != null) {
            assembly.setMissing(c, FrameStatus.FRAME_READ_ERROR, readErrorReason[c]);
            readErrorReason[c] = null;
        } else if (unsynced[c]) {
            assembly.setMissing(c, FrameStatus.FRAME_DROPPED, REASON_UNSYNCED);
        } else if (stepped[c]) {
            assembly.setMissing(c, FrameStatus.FRAME_DROPPED, reason(c, -stepMicros[c] / 1000, config.clockStepLimitMicros() / 1000, true));
        } else if (late[c]) {
            assembly.setMissing(c, FrameStatus.FRAME_DROPPED, reason(c, latencyMicros[c] / 1000, config.maxLatencyMicros() / 1000, false));
        } else if (!delivered[c]) {
            assembly.setMissing(c, FrameStatus.FRAME_DROPPED, REASON_NO_FRAME_YET);
        } else if (now - lastArrivalMicros[c] >= config.idleTimeoutMicros()) {
            assembly.setMissing(c, FrameStatus.FRAME_DROPPED, REASON_IDLE);
        } else {
            assembly.setMissing(c, FrameStatus.FRAME_DROPPED, nearest ? REASON_NOT_IN_TOLERANCE : REASON_SUPERSEDED);
        }
    }

    /** The late or clock-step reason of camera {@code c}, rebuilt only when its numbers change (no garbage per packet). */
    private String reason(int c, long valueMillis, long limitMillis, boolean step) {
        long key = step ? -valueMillis - 1 : valueMillis; // distinct for late and step reasons of one value
        if (reasonBuffer[c] != null && reasonKey[c] == key && reasonLimitMillis[c] == limitMillis) {
            return reasonBuffer[c];
        }
        reasonKey[c] = key;
        reasonLimitMillis[c] = limitMillis;
        reasonBuffer[c] = step
                ? REASON_CLOCK_STEP_PREFIX + "timestamps " + valueMillis + " ms away from the other cameras' (limit " + limitMillis
                        + " ms); kept out until they agree again"
                : REASON_LATE_PREFIX + valueMillis + " ms after capture, maxLatency " + limitMillis + " ms";
        return reasonBuffer[c];
    }

    private void finish(long t, long min, long max, long now, PacketSink<F> sink) {
        assembly.sequence = sequence++;
        assembly.referenceTimeUtcMicros = t;
        assembly.spreadMicros = max > min ? max - min : 0;
        assembly.emittedAtMicros = now;
        lastEmittedAtMicros = now;
        try {
            sink.accept(assembly);
        } finally {
            assembly.clearFrames();
        }
    }

    private boolean isLive(int c, long now) {
        return broken[c] == null && ended[c] == null && !unsynced[c] && !late[c] && !stepped[c]
                && now - lastArrivalMicros[c] < config.idleTimeoutMicros();
    }

    private long tolerance(int c) {
        long configured = config.toleranceMicros();
        return configured > 0 ? configured : intervalMicros[c] / 2;
    }

    /**
     * The frame interval over the camera's last {@value #INTERVAL_WINDOW} frames: their capture-time
     * span divided by the deltas in it. Not a mean of accepted deltas: a stalled encoder that catches
     * up (one long delta, then short ones) would bias such a mean short once the long delta is
     * rejected as a lost frame, and a reference camera whose interval is 20 % off breaks the grid. A
     * lost frame lengthens the estimate by 1/31. A delta above 4 x the estimate is a pause, not a
     * rate: the window restarts there.
     */
    private void updateInterval(int c, long delta) {
        long[] ring = recentCaptureUtcMicros[c];
        long capture = newestCaptureUtcMicros[c] + delta;
        if (recentCount[c] == 0 || (intervalKnown[c] && delta > 4 * intervalMicros[c])) {
            // First delta (the previous frame starts the window) or a pause: restart from the previous frame.
            recentCount[c] = 1;
            ring[0] = newestCaptureUtcMicros[c];
            recentNext[c] = 1;
        }
        ring[recentNext[c]] = capture;
        recentNext[c] = (recentNext[c] + 1) % INTERVAL_WINDOW;
        if (recentCount[c] < INTERVAL_WINDOW) {
            recentCount[c]++;
        }
        int count = recentCount[c];
        long oldest = ring[(recentNext[c] - count + INTERVAL_WINDOW) % INTERVAL_WINDOW];
        intervalMicros[c] = (capture - oldest) / (count - 1);
        intervalKnown[c] = true;
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
