package dev.streamsync.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamsync.decode.PixelFormat;
import dev.streamsync.decode.TestClips;
import dev.streamsync.rtp.VideoCodec;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interop of {@link FrameData} (JavaCV {@link Frame}, OpenCV {@link Mat} through JavaCV's
 * converter, {@link BufferedImage}) on real decoded frames: a video file played through the
 * synchronizer, so the pictures are FFmpeg's, not heap stand-ins.
 */
class FrameDataInteropTest {
    static final int WIDTH = 160;
    static final int HEIGHT = 120;

    @TempDir
    static Path dir;
    static Path file;

    @BeforeAll
    static void makeClip() throws Exception {
        file = TestClips.make(dir, "interop", VideoCodec.H264, "testsrc2=size=" + WIDTH + "x" + HEIGHT + ":rate=25", 10,
                "-bf", "0", "-g", "10").mp4;
    }

    interface FrameCheck {
        void check(FramePacket packet, FrameData frame) throws Exception;
    }

    /** Plays the clip and runs {@code check} on its first decoded frame. */
    static void withFirstFrame(FrameCheck check) throws Exception {
        try (StreamSynchronizer sync = StreamSynchronizer.builder().camera(Camera.ofFile(file)).build()) {
            for (int n = 0; n < 50; n++) {
                FramePacket packet = sync.getFramePacket(Duration.ofSeconds(10));
                try {
                    FrameData frame = packet.get(0);
                    if (frame.hasFrame()) {
                        check.check(packet, frame);
                        return;
                    }
                } finally {
                    packet.close();
                }
            }
            throw new TimeoutException("no decoded frame in 50 packets");
        }
    }

    static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    /** A test pattern has colours: a conversion that returned zeros or one value would not match it. */
    static void assertHasContent(byte[] bgr) {
        assertEquals(WIDTH * HEIGHT * 3, bgr.length);
        long distinct = new String(bgr, java.nio.charset.StandardCharsets.ISO_8859_1).chars().distinct().count();
        assertTrue(distinct > 16, "a colourful picture, " + distinct + " distinct byte values");
    }

    @Test
    void aDecodedFrameBecomesAnOpenCvMatWithTheSamePixelsAsBgr() throws Exception {
        withFirstFrame((packet, frame) -> {
            byte[] bgr = bytes(frame.bgr());
            assertHasContent(bgr);
            Frame javaCv = frame.toJavaCvFrame();
            assertEquals(frame.captureTimeUtcMicros(), javaCv.timestamp, "JavaCV timestamps are microseconds");
            assertTrue(javaCv.keyFrame, "the clip's first frame is its IDR");

            try (OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat()) {
                Mat mat = converter.convert(javaCv);
                assertEquals(HEIGHT, mat.rows());
                assertEquals(WIDTH, mat.cols());
                assertEquals(opencv_core.CV_8UC3, mat.type());
                assertTrue(mat.isContinuous());
                byte[] matBytes = new byte[WIDTH * HEIGHT * 3];
                mat.data().get(matBytes);
                assertArrayEquals(bgr, matBytes, "the Mat reads the packet's BGR pixels");
                // One pixel through OpenCV's own indexing: row 37, column 101, channel order B G R.
                int offset = (37 * WIDTH + 101) * 3;
                for (int c = 0; c < 3; c++) {
                    assertEquals(bgr[offset + c], mat.ptr(37, 101).get(c));
                }

                Mat kept = mat.clone();
                packet.close();
                byte[] keptBytes = new byte[WIDTH * HEIGHT * 3];
                kept.data().get(keptBytes);
                assertArrayEquals(bgr, keptBytes, "a cloned Mat outlives the packet");
                kept.close();
            }
            assertThrows(IllegalStateException.class, frame::toJavaCvFrame, "no view of a closed packet");
        });
    }

    @Test
    void aDecodedFrameCopiesIntoABgrBufferedImageThatOutlivesThePacket() throws Exception {
        withFirstFrame((packet, frame) -> {
            byte[] bgr = bytes(frame.bgr());
            assertHasContent(bgr);
            BufferedImage image = frame.toBufferedImage();
            packet.close(); // the image is a copy
            assertEquals(BufferedImage.TYPE_3BYTE_BGR, image.getType());
            assertEquals(WIDTH, image.getWidth());
            assertEquals(HEIGHT, image.getHeight());
            for (int y = 0; y < HEIGHT; y++) {
                for (int x = 0; x < WIDTH; x++) {
                    int i = (y * WIDTH + x) * 3;
                    int expectedRgb = (bgr[i + 2] & 0xff) << 16 | (bgr[i + 1] & 0xff) << 8 | (bgr[i] & 0xff);
                    assertEquals(expectedRgb, image.getRGB(x, y) & 0xffffff, "pixel " + x + "," + y);
                }
            }
            assertThrows(IllegalStateException.class, frame::toBufferedImage, "no copy from a closed packet");
        });
    }

    @Test
    void theGrayViewIsAOneChannelFrameAndThePlanarViewIsRefused() throws Exception {
        withFirstFrame((packet, frame) -> {
            Frame gray = frame.toJavaCvFrame(PixelFormat.GRAY8);
            assertEquals(1, gray.imageChannels);
            assertEquals(WIDTH, gray.imageStride);
            assertEquals(frame.view(PixelFormat.GRAY8), gray.image[0]);
            assertThrows(IllegalArgumentException.class, () -> frame.toJavaCvFrame(PixelFormat.YUV420P));
        });
    }
}
