package dev.streamsync.sim.picture;

/**
 * Generates synthetic YUV 4:2:0 pictures with motion: a diagonal luma gradient that moves 3 pixels
 * right and 1 down per frame, a chequered square that bounces around the picture, and slowly
 * shifting chroma. The motion gives an encoder non-trivial motion vectors to find.
 *
 * <p>Threading: not thread-safe; one instance per encoder thread. Owns its three plane arrays,
 * which are overwritten by every {@link #render(long)}.
 */
public final class TestPattern {

    private final int width;
    private final int height;
    private final byte[] luma;
    private final byte[] cb;
    private final byte[] cr;

    /**
     * @param width  picture width in pixels, even
     * @param height picture height in pixels, even
     */
    public TestPattern(int width, int height) {
        if (width <= 0 || height <= 0 || (width & 1) != 0 || (height & 1) != 0) {
            throw new IllegalArgumentException("width and height must be positive and even: " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        this.luma = new byte[width * height];
        this.cb = new byte[(width / 2) * (height / 2)];
        this.cr = new byte[(width / 2) * (height / 2)];
    }

    /** Renders picture number {@code frameIndex} into the plane arrays. */
    public void render(long frameIndex) {
        int shiftX = (int) ((frameIndex * 3) & 0xFFFF);
        int shiftY = (int) (frameIndex & 0xFFFF);
        for (int y = 0; y < height; y++) {
            int base = y * width;
            int rowTerm = (y - shiftY) & 0xFF;
            for (int x = 0; x < width; x++) {
                // Gradient of slope 1/2 in x and 1/2 in y, wrapping every 512 px: smooth, so cheap to code.
                luma[base + x] = (byte) (48 + ((((x - shiftX) & 0x1FF) + rowTerm) >> 2) * 160 / 191);
            }
        }
        int box = Math.max(16, Math.min(width, height) / 6) & ~7;
        int spanX = Math.max(1, width - box);
        int spanY = Math.max(1, height - box);
        int bx = bounce(frameIndex * 5, spanX);
        int by = bounce(frameIndex * 3, spanY);
        for (int y = by; y < Math.min(height, by + box); y++) {
            for (int x = bx; x < Math.min(width, bx + box); x++) {
                boolean light = (((x - bx) >> 3) + ((y - by) >> 3) & 1) == 0;
                luma[y * width + x] = (byte) (light ? 200 : 40);
            }
        }
        int cw = width / 2;
        int ch = height / 2;
        int chromaShift = (int) (frameIndex & 0xFF);
        for (int y = 0; y < ch; y++) {
            for (int x = 0; x < cw; x++) {
                cb[y * cw + x] = (byte) (96 + (((x + chromaShift) & 0xFF) >> 2));
                cr[y * cw + x] = (byte) (96 + (((y + chromaShift) & 0xFF) >> 2));
            }
        }
    }

    private static int bounce(long position, int span) {
        long period = 2L * span;
        int p = (int) (position % period);
        return p < span ? p : (int) (period - p);
    }

    /** Luma plane, {@code width * height} bytes, stride = width. Overwritten by {@link #render(long)}. */
    public byte[] luma() {
        return luma;
    }

    /** Cb plane, {@code (width/2) * (height/2)} bytes, stride = width/2. */
    public byte[] cb() {
        return cb;
    }

    /** Cr plane, {@code (width/2) * (height/2)} bytes, stride = width/2. */
    public byte[] cr() {
        return cr;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }
}
