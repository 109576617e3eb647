package dev.streamsync.sync;

import java.util.Arrays;
import java.util.Objects;

/**
 * Immutable settings of a {@link Compensator}. All times are in microseconds.
 *
 * <p>Threading: immutable, safe to share.
 */
public final class CompensatorConfig {
    /**
     * Default {@code maxLatency}: the longest a packet waits for a camera's frame of its instant, in
     * milliseconds. 2 s, as GStreamer's {@code rtspsrc} waits by default: cameras behind NVRs, relays or
     * congested links are often 0.5-2 s behind. The library builder and the CLI's
     * {@code --max-latency-ms} use this one value.
     */
    public static final long DEFAULT_MAX_LATENCY_MILLIS = 2_000;
    /**
     * Default {@code idleTimeout} in milliseconds: a camera silent this long stops holding packets
     * back. Kept well above {@link #DEFAULT_MAX_LATENCY_MILLIS}, so that a camera is waited for (up to
     * maxLatency per packet) before it is declared idle.
     */
    public static final long DEFAULT_IDLE_TIMEOUT_MILLIS = 5_000;
    /**
     * Default frames held per camera inside the engine: enough for a 30 fps reference camera while a
     * camera {@link #DEFAULT_MAX_LATENCY_MILLIS} behind is waited for.
     */
    public static final int DEFAULT_MAX_PENDING_FRAMES = 64;

    /** How frames of different cameras are grouped into packets; see {@link Compensator}. */
    public enum Policy { SEED, NEAREST }

    private final Policy policy;
    private final String[] cameraNames;
    private final long maxLatencyMicros;
    private final long idleTimeoutMicros;
    private final long toleranceMicros;
    private final long defaultFrameIntervalMicros;
    private final int maxPendingFrames;
    private final long maxInitialStreamOffsetMicros;
    private final int maxReadErrors;
    private final boolean acceptArrivalTimestamps;

    private CompensatorConfig(Builder b) {
        policy = b.policy;
        cameraNames = b.cameraNames.clone();
        maxLatencyMicros = b.maxLatencyMicros;
        idleTimeoutMicros = b.idleTimeoutMicros;
        toleranceMicros = b.toleranceMicros;
        defaultFrameIntervalMicros = b.defaultFrameIntervalMicros;
        maxPendingFrames = b.maxPendingFrames;
        maxInitialStreamOffsetMicros = b.maxInitialStreamOffsetMicros;
        maxReadErrors = b.maxReadErrors;
        acceptArrivalTimestamps = b.acceptArrivalTimestamps;
    }

    /** A builder for {@code cameraCount} cameras named "camera 0", "camera 1", ... */
    public static Builder builder(int cameraCount) {
        if (cameraCount < 1) {
            throw new IllegalArgumentException("cameraCount must be >= 1, was " + cameraCount);
        }
        String[] names = new String[cameraCount];
        for (int i = 0; i < cameraCount; i++) {
            names[i] = "camera " + i;
        }
        return new Builder(names);
    }

    public Policy policy() { return policy; }
    public int cameraCount() { return cameraNames.length; }
    /** Display name of a camera (used in error messages; never contains credentials). */
    public String cameraName(int camera) { return cameraNames[camera]; }
    /** NEAREST: the cap on how long a packet waits for a camera's frame (see {@link Compensator}). */
    public long maxLatencyMicros() { return maxLatencyMicros; }
    /** A camera that delivered nothing for this long stops holding packets back. */
    public long idleTimeoutMicros() { return idleTimeoutMicros; }
    /** NEAREST matching tolerance; 0 means "half of each camera's estimated frame interval". */
    public long toleranceMicros() { return toleranceMicros; }
    /** Frame interval assumed for a camera until two frames have been seen. */
    public long defaultFrameIntervalMicros() { return defaultFrameIntervalMicros; }
    /** Frames held per camera inside the engine; the oldest is dropped (counted) beyond this. */
    public int maxPendingFrames() { return maxPendingFrames; }
    /** Largest allowed initial clock offset between cameras; -1 disables the check. */
    public long maxInitialStreamOffsetMicros() { return maxInitialStreamOffsetMicros; }
    /**
     * How far a camera's (capture - arrival) offset may move away from the other cameras' at once
     * before its clock counts as stepped (kept out of packets until it agrees again):
     * {@code maxInitialStreamOffset} when set, otherwise {@code maxLatency}.
     */
    public long clockStepLimitMicros() { return maxInitialStreamOffsetMicros >= 0 ? maxInitialStreamOffsetMicros : maxLatencyMicros; }
    /** Consecutive read errors tolerated before a camera is reported CAP_BROKEN. */
    public int maxReadErrors() { return maxReadErrors; }
    /** When true, frames stamped with the arrival time are matched like synced ones (off by default). */
    public boolean acceptArrivalTimestamps() { return acceptArrivalTimestamps; }

    @Override
    public String toString() {
        return "CompensatorConfig{" + policy + ", cameras=" + Arrays.toString(cameraNames)
                + ", maxLatencyMicros=" + maxLatencyMicros + ", idleTimeoutMicros=" + idleTimeoutMicros
                + ", toleranceMicros=" + toleranceMicros + ", maxPendingFrames=" + maxPendingFrames + '}';
    }

    /** Builder with the defaults documented on each setter. Not thread-safe. */
    public static final class Builder {
        private Policy policy = Policy.NEAREST;
        private final String[] cameraNames;
        private long maxLatencyMicros = DEFAULT_MAX_LATENCY_MILLIS * 1_000;
        private long idleTimeoutMicros = DEFAULT_IDLE_TIMEOUT_MILLIS * 1_000;
        private long toleranceMicros = 0;
        private long defaultFrameIntervalMicros = 40_000;
        private int maxPendingFrames = DEFAULT_MAX_PENDING_FRAMES;
        private long maxInitialStreamOffsetMicros = -1;
        private int maxReadErrors = 10;
        private boolean acceptArrivalTimestamps = false;

        private Builder(String[] names) {
            this.cameraNames = names;
        }

        /** Default {@link Policy#NEAREST}. */
        public Builder policy(Policy p) { policy = Objects.requireNonNull(p, "policy"); return this; }

        /** Display name of one camera, for messages. */
        public Builder cameraName(int camera, String name) {
            cameraNames[camera] = Objects.requireNonNull(name, "name");
            return this;
        }

        /** Default {@value #DEFAULT_MAX_LATENCY_MILLIS} ms. */
        public Builder maxLatencyMicros(long v) { maxLatencyMicros = positive(v, "maxLatencyMicros"); return this; }
        /** Default {@value #DEFAULT_IDLE_TIMEOUT_MILLIS} ms. */
        public Builder idleTimeoutMicros(long v) { idleTimeoutMicros = positive(v, "idleTimeoutMicros"); return this; }
        /** Default 0 (automatic: half of each camera's frame interval). */
        public Builder toleranceMicros(long v) {
            if (v < 0) throw new IllegalArgumentException("toleranceMicros must be >= 0, was " + v);
            toleranceMicros = v;
            return this;
        }
        /** Default 40 ms (25 fps). */
        public Builder defaultFrameIntervalMicros(long v) { defaultFrameIntervalMicros = positive(v, "defaultFrameIntervalMicros"); return this; }
        /** Default {@value #DEFAULT_MAX_PENDING_FRAMES}. */
        public Builder maxPendingFrames(int v) { maxPendingFrames = (int) positive(v, "maxPendingFrames"); return this; }
        /** Default -1 (no check). */
        public Builder maxInitialStreamOffsetMicros(long v) {
            if (v < -1) throw new IllegalArgumentException("maxInitialStreamOffsetMicros must be >= -1, was " + v);
            maxInitialStreamOffsetMicros = v;
            return this;
        }
        /** Default 10. */
        public Builder maxReadErrors(int v) {
            if (v < 0) throw new IllegalArgumentException("maxReadErrors must be >= 0, was " + v);
            maxReadErrors = v;
            return this;
        }
        /** Default false. */
        public Builder acceptArrivalTimestamps(boolean v) { acceptArrivalTimestamps = v; return this; }

        public CompensatorConfig build() { return new CompensatorConfig(this); }

        private static long positive(long v, String name) {
            if (v <= 0) throw new IllegalArgumentException(name + " must be > 0, was " + v);
            return v;
        }
    }
}
