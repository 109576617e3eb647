package dev.streamsync.cli;

import dev.streamsync.api.Camera;
import dev.streamsync.api.FrameData;
import dev.streamsync.api.FramePacket;
import dev.streamsync.api.FrameStatus;
import dev.streamsync.api.StreamSynchronizer;
import dev.streamsync.decode.PixelFormat;
import dev.streamsync.sim.SimulatedCamera;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.fail;

/** {@link FrameImages} on a real decoded frame (simulated camera, FFmpeg): pixels and colours survive exactly. */
class FrameImagesIT {
    private static final int WIDTH = 320;
    private static final int HEIGHT = 180;

    @TempDir
    Path dir;

    @Test
    void savedPngHasExactlyTheFramesPixelsInTheirColours() throws Exception {
        try (SimulatedCamera cam = SimulatedCamera.builder().width(WIDTH).height(HEIGHT).senderReportInterval(Duration.ofMillis(500)).build()) {
            cam.start();
            try (StreamSynchronizer sync = StreamSynchronizer.builder().camera(Camera.of(cam.url())).build();
                 FramePacket packet = firstWithFrame(sync)) {
                FrameImages.saver(dir).onPacket(packet);
                FrameData f = packet.get(0);
                BufferedImage png = ImageIO.read(dir.resolve(packet.sequence() + "_0.png").toFile());
                assertNotNull(png);
                assertEquals(WIDTH, png.getWidth());
                assertEquals(HEIGHT, png.getHeight());
                // Compared with the RGB view (not the BGR bytes that were copied): a swapped channel order shows.
                assertSameAsRgbView(f, png);
            }
        }
    }

    @Test
    void copyBgrReusesAnImageOfTheSameSizeAndReplacesOneOfAnotherSize() throws Exception {
        try (SimulatedCamera cam = SimulatedCamera.builder().width(WIDTH).height(HEIGHT).senderReportInterval(Duration.ofMillis(500)).build()) {
            cam.start();
            try (StreamSynchronizer sync = StreamSynchronizer.builder().camera(Camera.of(cam.url())).build();
                 FramePacket packet = firstWithFrame(sync)) {
                FrameData f = packet.get(0);
                BufferedImage same = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_3BYTE_BGR);
                assertSame(same, FrameImages.copyBgr(f, same));
                assertSameAsRgbView(f, same);
                BufferedImage other = new BufferedImage(WIDTH / 2, HEIGHT, BufferedImage.TYPE_3BYTE_BGR);
                BufferedImage fresh = FrameImages.copyBgr(f, other);
                assertNotSame(other, fresh);
                assertEquals(WIDTH, fresh.getWidth());
                assertEquals(HEIGHT, fresh.getHeight());
                assertSameAsRgbView(f, fresh);
            }
        }
    }

    private static FramePacket firstWithFrame(StreamSynchronizer sync) throws Exception {
        for (int i = 0; i < 200; i++) {
            FramePacket p = sync.getFramePacket(Duration.ofSeconds(10));
            if (p.get(0).status() == FrameStatus.FRAME_OKAY) {
                return p;
            }
            p.close();
        }
        return fail("no frame in 200 packets");
    }

    private static void assertSameAsRgbView(FrameData f, BufferedImage img) {
        ByteBuffer rgb = f.view(PixelFormat.RGB24);
        for (int y = 0; y < f.height(); y++) {
            for (int x = 0; x < f.width(); x++) {
                int i = (y * f.width() + x) * 3;
                int expected = (rgb.get(i) & 0xFF) << 16 | (rgb.get(i + 1) & 0xFF) << 8 | rgb.get(i + 2) & 0xFF;
                int actual = img.getRGB(x, y) & 0xFF_FFFF;
                if (actual != expected) {
                    fail(String.format("pixel (%d, %d): image %06x, RGB view %06x", x, y, actual, expected));
                }
            }
        }
    }
}
