package dev.streamsync.sim.picture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.streamsync.sim.H264TestDecoder;
import dev.streamsync.sim.encode.H264Encoder;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CaptureTimeCodeTest {

    @Test
    void readsBackPaintedTimeFromRawPlane() {
        TestPattern pattern = new TestPattern(320, 240);
        pattern.render(7);
        long micros = 1_760_000_000_123_456L;
        CaptureTimeCode.paint(pattern.luma(), 320, 240, 320, micros);
        assertEquals(micros, CaptureTimeCode.read(pattern.luma(), 320, 240, 320));
        assertEquals(micros, CaptureTimeCode.read(ByteBuffer.wrap(pattern.luma()), 320, 240, 320));
    }

    @Test
    void readsBackWithStrideWiderThanWidth() {
        int stride = 352;
        byte[] luma = new byte[stride * 240];
        CaptureTimeCode.paint(luma, 320, 240, stride, -5L);
        assertEquals(-5L, CaptureTimeCode.read(luma, 320, 240, stride));
    }

    @Test
    void pictureWithoutCodeIsNotFound() {
        TestPattern pattern = new TestPattern(320, 240);
        pattern.render(0);
        assertEquals(CaptureTimeCode.NOT_FOUND, CaptureTimeCode.read(pattern.luma(), 320, 240, 320));
        assertEquals(CaptureTimeCode.NOT_FOUND, CaptureTimeCode.read(new byte[320 * 240], 320, 240, 320));
    }

    @Test
    void flippedDataCellFailsCrc() {
        byte[] luma = new byte[320 * 240];
        CaptureTimeCode.paint(luma, 320, 240, 320, 1_000_000L);
        int cell = CaptureTimeCode.cellSizePx(320, 240);
        // Invert the last cell of data row 2 (bit 0 of the time).
        for (int y = 2 * cell; y < 3 * cell; y++) {
            for (int x = 31 * cell; x < 32 * cell; x++) {
                luma[y * 320 + x] = (byte) (255 - (luma[y * 320 + x] & 0xFF));
            }
        }
        assertEquals(CaptureTimeCode.NOT_FOUND, CaptureTimeCode.read(luma, 320, 240, 320));
    }

    @Test
    void tooSmallPictureIsRejectedWhenPainting() {
        assertEquals(0, CaptureTimeCode.cellSizePx(64, 64));
        assertThrows(IllegalArgumentException.class, () -> CaptureTimeCode.paint(new byte[64 * 64], 64, 64, 64, 1));
    }

    @Test
    void survivesRealEncodeAndDecodeExactly() {
        int w = 320;
        int h = 240;
        TestPattern pattern = new TestPattern(w, h);
        List<Long> painted = new ArrayList<>();
        List<Long> readBack = new ArrayList<>();
        long base = 1_760_000_000_000_000L;
        try (H264Encoder encoder = new H264Encoder(w, h, 25, 25, 150_000);
                H264TestDecoder decoder = new H264TestDecoder()) {
            for (int n = 0; n < 30; n++) {
                pattern.render(n);
                long micros = base + n * 40_000L + (n * 7919L % 1000);
                painted.add(micros);
                CaptureTimeCode.paint(pattern.luma(), w, h, w, micros);
                byte[] au = encoder.encode(pattern.luma(), pattern.cb(), pattern.cr(), false);
                if (au != null) {
                    for (H264TestDecoder.Luma luma : decoder.decode(au)) {
                        assertEquals(w, luma.width());
                        readBack.add(CaptureTimeCode.read(luma.data(), luma.width(), luma.height(), luma.stride()));
                    }
                }
            }
        }
        assertNotEquals(0, readBack.size());
        assertEquals(painted.subList(0, readBack.size()), readBack);
    }
}
