package dev.streamsync.picture;

/** Pixel layouts a {@link Picture} can be viewed in. */
public enum PixelFormat {
    /** Packed 8-bit blue, green, red: height x width x 3, the reference system's default. */
    BGR24(3),
    /** Packed 8-bit red, green, blue: height x width x 3. */
    RGB24(3),
    /** 8-bit luma only: height x width. */
    GRAY8(1),
    /** Planar 4:2:0: the Y plane (width x height) then U and V (each ceil(w/2) x ceil(h/2)), tightly packed. */
    YUV420P(0);

    private final int bytesPerPixel;

    PixelFormat(int bytesPerPixel) {
        this.bytesPerPixel = bytesPerPixel;
    }

    /** Size in bytes of a tightly packed picture of this format. */
    public int bufferSize(int width, int height) {
        if (this == YUV420P) {
            int cw = (width + 1) / 2;
            int ch = (height + 1) / 2;
            return width * height + 2 * cw * ch;
        }
        return width * height * bytesPerPixel;
    }
}
