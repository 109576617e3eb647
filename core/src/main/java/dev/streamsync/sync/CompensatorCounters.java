package dev.streamsync.sync;

import dev.streamsync.failure.CameraFailure;
import dev.streamsync.clock.TimestampSource;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Per-camera counters and gauges of a {@link Compensator}.
 *
 * <p>Threading: written only by the thread that drives the compensator (ordered stores, no CAS),
 * readable from any thread; a reader sees each value as of some recent moment, not one consistent
 * snapshot across values.
 *
 * <p>Every frame handed to the compensator ends up in exactly one of: used (in a packet), late,
 * skipped, overflow, unsynced, out of order, clock stepped, discarded, or still pending. So
 * {@code received == used + late + skipped + overflow + unsynced + outOfOrder + clockStepped + discarded + pending}.
 */
public final class CompensatorCounters {
    /** Frames offered to the compensator. */
    public static final int RECEIVED = 0;
    /** Frames put into packets. */
    public static final int USED = 1;
    /** Frames behind the packet time when they arrived or when packets moved past them. */
    public static final int LATE = 2;
    /** Frames superseded by a nearer (NEAREST) or newer (SEED) frame of the same camera. */
    public static final int SKIPPED = 3;
    /** Frames dropped because the camera's pending queue was full (oldest first). */
    public static final int OVERFLOW = 4;
    /** Frames without a clock anchor, never mixed into packets. */
    public static final int UNSYNCED = 5;
    /** Frames whose capture time was not after the camera's previous frame. */
    public static final int OUT_OF_ORDER = 6;
    /** Frames released at shutdown or after a fatal configuration error. */
    public static final int DISCARDED = 7;
    /** Read errors reported by the source. */
    public static final int READ_ERRORS = 8;
    /** Local time (micros) of the camera's last frame; the start time before the first one. */
    public static final int LAST_ARRIVAL_MICROS = 9;
    /** Estimated frame interval in micros (the default interval until two frames were seen). */
    public static final int FRAME_INTERVAL_MICROS = 10;
    /** Ordinal of the last frame's {@link TimestampSource}, -1 before the first frame. */
    public static final int LAST_SOURCE = 11;
    /** Ordinal of {@link CameraState} as of the last event (IDLE is derived by {@link #state}). */
    public static final int STATE = 12;
    /** Smoothed local arrival time minus capture time of the camera's frames (NEAREST's latency estimate). */
    public static final int ARRIVAL_LATENCY_MICROS = 13;
    /** Frames kept out of packets because the camera's clock had stepped away from the others'. */
    public static final int CLOCK_STEPPED = 14;
    static final int FIELDS = 15;

    private final int cameraCount;
    private final AtomicLongArray values;
    private final AtomicReferenceArray<CameraFailure> failures;
    private final long idleTimeoutMicros;

    CompensatorCounters(int cameraCount, long startMicros, long defaultIntervalMicros, long idleTimeoutMicros) {
        this.cameraCount = cameraCount;
        this.values = new AtomicLongArray(cameraCount * FIELDS);
        this.failures = new AtomicReferenceArray<>(cameraCount);
        this.idleTimeoutMicros = idleTimeoutMicros;
        for (int c = 0; c < cameraCount; c++) {
            values.set(c * FIELDS + LAST_ARRIVAL_MICROS, startMicros);
            values.set(c * FIELDS + FRAME_INTERVAL_MICROS, defaultIntervalMicros);
            values.set(c * FIELDS + LAST_SOURCE, -1);
            values.set(c * FIELDS + STATE, CameraState.CONNECTING.ordinal());
        }
    }

    public int cameraCount() { return cameraCount; }

    /** The value of {@code field} (one of the constants of this class) for {@code camera}. */
    public long get(int camera, int field) {
        return values.get(camera * FIELDS + field);
    }

    /** The camera's state at local time {@code nowMicros}. */
    public CameraState state(int camera, long nowMicros) {
        CameraState s = CameraState.values()[(int) get(camera, STATE)];
        if (s == CameraState.STREAMING && nowMicros - get(camera, LAST_ARRIVAL_MICROS) >= idleTimeoutMicros) {
            return CameraState.IDLE;
        }
        return s;
    }

    /** Why the camera is broken or ended, or null. */
    public CameraFailure failure(int camera) { return failures.get(camera); }

    /** The last frame's timestamp source, or null before the first frame. */
    public TimestampSource lastSource(int camera) {
        long o = get(camera, LAST_SOURCE);
        return o < 0 ? null : TimestampSource.values()[(int) o];
    }

    void increment(int camera, int field) {
        int i = camera * FIELDS + field;
        values.lazySet(i, values.get(i) + 1);
    }

    void set(int camera, int field, long value) {
        values.lazySet(camera * FIELDS + field, value);
    }

    /** {@code failure}: why, when {@code state} is BROKEN or ENDED; null otherwise. */
    void setState(int camera, CameraState state, CameraFailure failure) {
        set(camera, STATE, state.ordinal());
        failures.lazySet(camera, failure);
    }
}
