package dev.streamsync.decode;

import dev.streamsync.picture.FrameType;
import dev.streamsync.picture.Picture;
import dev.streamsync.picture.PixelFormat;

import java.nio.Buffer;
import org.bytedeco.javacv.Frame;

/**
 * Interop with JavaCV: wraps a picture's view as an {@link org.bytedeco.javacv.Frame} without copying,
 * so JavaCV's converters (for example {@code OpenCVFrameConverter.ToMat}, giving an OpenCV
 * {@code Mat} of type CV_8UC3 for BGR24) work on streamsync pictures.
 *
 * <p>Ownership: the frame shares the picture's native buffer; it is valid until the picture is
 * released (the frame does not hold a reference; {@code frame.opaque} is the picture). Do not call
 * {@code Frame.close()} on it: it would not free anything of the picture.
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
}
