package dev.streamsync.sync;

import dev.streamsync.failure.CameraFailure;
import dev.streamsync.clock.TimestampSource;

/**
 * One packet as the {@link Compensator} hands it to a {@link PacketSink}: one entry per camera,
 * indexed 0..cameraCount-1. Times are UTC microseconds since the Unix epoch.
 *
 * <p>Ownership and threading: the compensator reuses this object for every packet (no allocation per
 * packet); it is valid only during {@link PacketSink#accept}. The frames in it belong to the sink.
 */
public final class PacketAssembly<F> {
    private final Object[] frames;
    private final long[] captureTimeUtcMicros;
    private final long[] arrivalMicros;
    private final TimestampSource[] sources;
    private final FrameStatus[] statuses;
    private final String[] reasons;
    private final CameraFailure[] failures;
    long sequence;
    long referenceTimeUtcMicros;
    long spreadMicros;
    long emittedAtMicros;

    PacketAssembly(int cameraCount) {
        frames = new Object[cameraCount];
        captureTimeUtcMicros = new long[cameraCount];
        arrivalMicros = new long[cameraCount];
        sources = new TimestampSource[cameraCount];
        statuses = new FrameStatus[cameraCount];
        reasons = new String[cameraCount];
        failures = new CameraFailure[cameraCount];
    }

    void setFrame(int camera, Object frame, long captureUtcMicros, long arrival, TimestampSource source) {
        frames[camera] = frame;
        captureTimeUtcMicros[camera] = captureUtcMicros;
        arrivalMicros[camera] = arrival;
        sources[camera] = source;
        statuses[camera] = FrameStatus.FRAME_OKAY;
        reasons[camera] = null;
        failures[camera] = null;
    }

    void setMissing(int camera, FrameStatus status, String reason) {
        frames[camera] = null;
        captureTimeUtcMicros[camera] = 0;
        arrivalMicros[camera] = 0;
        sources[camera] = null;
        statuses[camera] = status;
        reasons[camera] = reason;
        failures[camera] = null;
    }

    void setBroken(int camera, CameraFailure failure) {
        setMissing(camera, FrameStatus.CAP_BROKEN, failure.message());
        failures[camera] = failure;
    }

    void setEnded(int camera, CameraFailure failure) {
        setMissing(camera, FrameStatus.CAP_ENDED, failure.message());
        failures[camera] = failure;
    }

    void clearFrames() {
        java.util.Arrays.fill(frames, null);
    }

    /** 0, 1, 2, ... per compensator. */
    public long sequence() { return sequence; }
    /** The packet time T (NEAREST) or T_q (SEED). */
    public long referenceTimeUtcMicros() { return referenceTimeUtcMicros; }
    /** max - min capture time of the frames present; 0 with fewer than two frames. */
    public long spreadMicros() { return spreadMicros; }
    /** The {@code nowMicros} the packet was emitted at (local clock). */
    public long emittedAtMicros() { return emittedAtMicros; }
    public int cameraCount() { return frames.length; }
    public FrameStatus status(int camera) { return statuses[camera]; }
    /** Why the entry has no frame; null for {@link FrameStatus#FRAME_OKAY}. */
    public String reason(int camera) { return reasons[camera]; }
    /** Why the camera is broken or ended (its reason is the failure's message); null unless {@link FrameStatus#CAP_BROKEN} or {@link FrameStatus#CAP_ENDED}. */
    public CameraFailure failure(int camera) { return failures[camera]; }
    /** The frame, or null when the status is not OKAY. */
    @SuppressWarnings("unchecked")
    public F frame(int camera) { return (F) frames[camera]; }
    public long captureTimeUtcMicros(int camera) { return captureTimeUtcMicros[camera]; }
    /** Local time the frame reached the compensator. */
    public long arrivalMicros(int camera) { return arrivalMicros[camera]; }
    public TimestampSource timestampSource(int camera) { return sources[camera]; }
    /** Capture time minus reference time; 0 when there is no frame. */
    public long offsetMicros(int camera) {
        return statuses[camera] == FrameStatus.FRAME_OKAY ? captureTimeUtcMicros[camera] - referenceTimeUtcMicros : 0;
    }
}
