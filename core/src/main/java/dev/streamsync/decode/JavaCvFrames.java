package dev.streamsync.decode;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import org.bytedeco.javacv.Frame;

/**
 * Interop with JavaCV and AWT: wraps a picture's view as an {@link org.bytedeco.javacv.Frame} without
 * copying, so JavaCV's converters (for example {@code OpenCVFrameConverter.ToMat}, giving an OpenCV
 * {@code Mat} of type CV_8UC3 for BGR24) work on streamsync pictures; copies it into a
 * {@link BufferedImage}. Applications reach these through {@code dev.streamsync.api.FrameData}.
 *
 * <p>Ownership: a wrapped frame shares the picture's native buffer; it is valid until the picture is
 * released (the frame does not hold a reference; {@code frame.opaque} is the picture). Do not call
 * {@code Frame.close()} on it: it would not free anything of the picture. A {@link BufferedImage} is a
 * copy on the Java heap, independent of the picture.
 *
 * <p>Threading: stateless; call on the thread that owns the picture.
 */
public final class JavaCvFrames {
    private JavaCvFrames() {
    }

    /** The picture's BGR24 view as a 3-channel unsigned byte frame (OpenCV's default layout). */
    public static Frame wrapBgr(Picture picture) {
        return wrap(picture, PixelFormat.BGR24);
    }

    /**
     * The picture's {@code format} view as a frame: BGR24 and RGB24 as 3 channels, GRAY8 as 1 channel.
     * The frame's timestamp is the picture's RTP timestamp (stream clock units, not microseconds).
     *
     * @throws IllegalArgumentException for YUV420P (planar; JavaCV frames describe packed images)
     */
    public static Frame wrap(Picture picture, PixelFormat format) {
        int channels;
        switch (format) {
            case BGR24:
            case RGB24:
                channels = 3;
                break;
            case GRAY8:
                channels = 1;
                break;
            default:
                throw new IllegalArgumentException("JavaCV frames are packed; cannot wrap " + format);
        }
        Frame frame = new Frame();
        frame.imageWidth = picture.width();
        frame.imageHeight = picture.height();
        frame.imageDepth = Frame.DEPTH_UBYTE;
        frame.imageChannels = channels;
        frame.imageStride = picture.width() * channels;
        frame.image = new Buffer[] {picture.view(format)};
        frame.keyFrame = picture.frameType() == FrameType.I;
        frame.pictType = picture.frameType().letter().charAt(0);
        frame.timestamp = picture.rtpTimestamp();
        frame.opaque = picture;
        frame.type = Frame.Type.VIDEO;
        return frame;
    }

    /**
     * A copy of the picture as a {@link BufferedImage#TYPE_3BYTE_BGR} image: its raster stores each
     * pixel as blue, green, red bytes, which is the BGR24 view's layout, so this is one bulk copy of
     * {@code width * height * 3} bytes into a new heap array. The image does not depend on the picture
     * (it stays valid after the release).
     *
     * @throws IllegalStateException when the picture has no pixels
     */
    public static BufferedImage toBufferedImage(Picture picture) {
        ByteBuffer bgr = picture.view(PixelFormat.BGR24);
        BufferedImage image = new BufferedImage(picture.width(), picture.height(), BufferedImage.TYPE_3BYTE_BGR);
        byte[] pixels = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        if (pixels.length != bgr.remaining()) {
            throw new IllegalStateException("BGR view of " + bgr.remaining() + " bytes for a " + picture.width() + "x"
                    + picture.height() + " picture");
        }
        bgr.duplicate().get(pixels);
        return image;
    }
}
