package dev.streamsync.api;

import dev.streamsync.decode.FrameType;
import dev.streamsync.decode.JavaCvFrames;
import dev.streamsync.decode.MotionVectors;
import dev.streamsync.decode.Picture;
import dev.streamsync.decode.PixelFormat;
import dev.streamsync.rtcp.TimestampSource;

import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Optional;
import org.bytedeco.javacv.Frame;

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

    /**
     * The picture as a JavaCV {@link Frame} over its BGR view (3 channels, {@link Frame#DEPTH_UBYTE},
     * stride {@code width * 3}), without copying; see {@link #toJavaCvFrame(PixelFormat)}.
     */
    public Frame toJavaCvFrame() { return toJavaCvFrame(PixelFormat.BGR24); }

    /**
     * The picture's {@code format} view as a JavaCV {@link Frame}, without copying: BGR24 and RGB24 as
     * 3 channels, GRAY8 as 1 channel ({@link PixelFormat#YUV420P} is planar and refused with
     * {@link IllegalArgumentException}). {@code frame.timestamp} is {@link #captureTimeUtcMicros()}
     * (JavaCV's unit is the microsecond), {@code frame.keyFrame} is true for I frames.
     *
     * <p>Ownership: the frame shares the packet's native buffer and is valid until the packet is
     * closed, like {@link #bgr()}; it holds no reference of its own, so do not {@code close()} it.
     * Copy it ({@code frame.clone()}) to keep the pixels longer.
     *
     * <p>OpenCV: JavaCV's {@code OpenCVFrameConverter.ToMat} turns this frame into an OpenCV
     * {@code Mat} (CV_8UC3, BGR, OpenCV's default layout) that shares the same buffer:
     * <pre>{@code
     * OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat(); // one per thread, reused
     * Mat mat = converter.convert(frameData.toJavaCvFrame());                    // valid until the packet closes
     * Mat kept = mat.clone();                                                    // a copy that outlives it
     * }</pre>
     * The converter keeps the {@code Mat} it returned and replaces it on its next call. OpenCV is not
     * a dependency of streamsync: add {@code org.bytedeco:opencv} (the version of the same JavaCPP
     * release as streamsync's {@code javacv}, 4.11.0-1.5.12) with its platform natives
     * ({@code org.bytedeco:opencv:4.11.0-1.5.12:linux-x86_64}, or {@code opencv-platform}) and
     * OpenCV's BLAS, {@code org.bytedeco:openblas:0.3.30-1.5.12} with its natives.
     */
    public Frame toJavaCvFrame(PixelFormat format) {
        Frame frame = JavaCvFrames.wrap(live(), format);
        frame.timestamp = captureTimeUtcMicros;
        return frame;
    }

    /**
     * A copy of the picture as a {@link BufferedImage#TYPE_3BYTE_BGR} image (for Swing, ImageIO,
     * JavaFX's {@code SwingFXUtils}). The copy is on the Java heap ({@code width * height * 3} bytes per
     * call) and stays valid after the packet is closed.
     */
    public BufferedImage toBufferedImage() { return JavaCvFrames.toBufferedImage(live()); }

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
