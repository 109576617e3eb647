package dev.streamsync.api;

import dev.streamsync.sync.FrameStatus;

import dev.streamsync.failure.CameraFailure;
import dev.streamsync.failure.FailureKind;

import dev.streamsync.picture.FrameType;
import dev.streamsync.picture.MotionVectors;
import dev.streamsync.picture.Picture;
import dev.streamsync.picture.PixelFormat;
import dev.streamsync.clock.TimestampSource;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Optional;

/**
 * One camera's entry in a {@link FramePacket}: a frame ({@link FrameStatus#FRAME_OKAY}) or the reason
 * there is none.
 *
 * <p>Units: times in UTC microseconds since the Unix epoch (or {@link Instant}), offsets in
 * microseconds. Ownership: the picture and every buffer obtained from it belong to the packet and are
 * valid until the packet is closed; frame accessors then throw {@link IllegalStateException}.
 * Threading: like its packet, used by one thread at a time.
 *
 * <p>Frame accessors ({@link #timestamp()}, {@link #bgr()}, ...) throw {@link IllegalStateException}
 * naming the status and reason when the entry has no frame; check {@link #hasFrame()} or
 * {@link #status()} first.
 */
public final class FrameData {
    private final FramePacket packet;
    private final int cameraIndex;
    private final FrameStatus status;
    private final String reason;
    private final CameraFailure failure;
    private final Picture picture;
    private final long captureTimeUtcMicros;
    private final TimestampSource timestampSource;
    private final long offsetFromPacketMicros;

    FrameData(FramePacket packet, int cameraIndex, FrameStatus status, String reason, CameraFailure failure,
              Picture picture, long captureTimeUtcMicros, TimestampSource timestampSource, long offsetFromPacketMicros) {
        this.packet = packet;
        this.cameraIndex = cameraIndex;
        this.status = status;
        this.reason = reason;
        this.failure = failure;
        this.picture = picture;
        this.captureTimeUtcMicros = captureTimeUtcMicros;
        this.timestampSource = timestampSource;
        this.offsetFromPacketMicros = offsetFromPacketMicros;
    }

    /** Position of the camera in the builder (0-based). */
    public int cameraIndex() { return cameraIndex; }
    public FrameStatus status() { return status; }
    /** Why there is no frame (CAP_BROKEN, FRAME_READ_ERROR, FRAME_DROPPED); empty for FRAME_OKAY. */
    public Optional<String> reason() { return Optional.ofNullable(reason); }
    /**
     * Why the camera is broken, for CAP_BROKEN entries: its {@link FailureKind} and message (the same
     * text as {@link #reason()}); empty for every other status.
     */
    public Optional<CameraFailure> failure() { return Optional.ofNullable(failure); }
    public boolean hasFrame() { return picture != null; }

    /** UTC capture time of the frame, including the camera's configured offset. */
    public Instant timestamp() {
        long micros = captureTimeUtcMicros();
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    /** UTC capture time in microseconds since the epoch. */
    public long captureTimeUtcMicros() {
        requireFrame();
        return captureTimeUtcMicros;
    }

    /** Where the capture time came from (sender report, header extension, ...). */
    public TimestampSource timestampSource() {
        requireFrame();
        return timestampSource;
    }

    /** Capture time minus the packet's reference time, in microseconds; 0 without a frame. */
    public long offsetFromPacketMicros() { return offsetFromPacketMicros; }

    public FrameType frameType() { return live().frameType(); }
    public int width() { return live().width(); }
    public int height() { return live().height(); }
    /** True when decoded from damaged input (loss before it, no keyframe since). */
    public boolean degraded() { return live().degraded(); }
    /** Motion vectors (N x 10, empty for I frames); valid until the packet is closed. */
    public MotionVectors motionVectors() { return live().motionVectors(); }

    /** The picture as height x width x 3 BGR bytes; valid until the packet is closed. */
    public ByteBuffer bgr() { return view(PixelFormat.BGR24); }

    /** The picture in {@code format}, tightly packed; valid until the packet is closed. */
    public ByteBuffer view(PixelFormat format) { return live().view(format); }

    /** The decoded picture itself; owned by the packet (retain it to keep it longer). */
    public Picture picture() { return live(); }

    Picture pictureOrNull() { return picture; }

    private void requireFrame() {
        if (picture == null) {
            throw new IllegalStateException("camera " + cameraIndex + " has no frame in this packet: " + status
                    + (reason != null ? " (" + reason + ")" : ""));
        }
    }

    private Picture live() {
        requireFrame();
        if (packet.isClosed()) {
            throw new IllegalStateException("packet " + packet.sequence() + " is closed; its pictures were released");
        }
        return picture;
    }

    @Override
    public String toString() {
        return "FrameData{camera " + cameraIndex + ", " + status
                + (picture != null ? ", " + timestamp() + " (" + timestampSource + "), offset " + offsetFromPacketMicros + " us"
                : reason != null ? ", " + reason : "") + '}';
    }
}
