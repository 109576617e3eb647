package dev.streamsync.picture;

/**
 * Motion vectors of one decoded picture in the reference system's layout: N rows of 10 columns,
 * {@code source, w, h, src_x, src_y, dst_x, dst_y, motion_x, motion_y, motion_scale}, as exported
 * by FFmpeg ({@code AVMotionVector}, {@code flags2 +export_mvs}). Empty for I frames, and for every
 * H.265 picture: libavcodec exports motion vectors from its H.264 (and MPEG-1/2/4) decoders only; its
 * HEVC decoder ignores {@code +export_mvs} (FFmpeg 7.1).
 *
 * <p>{@code source} is -1 when the block is predicted from a past picture and +1 from a future one;
 * the displacement in pixels is {@code motion_x / motion_scale}, {@code motion_y / motion_scale}.
 *
 * <p>Ownership: the instance belongs to its picture and is valid until the picture is released;
 * {@link #toArray()} returns a copy the caller owns.
 */
public final class MotionVectors {
    /** Number of columns per row. */
    public static final int COLUMNS = 10;
    public static final int SOURCE = 0, W = 1, H = 2, SRC_X = 3, SRC_Y = 4, DST_X = 5, DST_Y = 6,
            MOTION_X = 7, MOTION_Y = 8, MOTION_SCALE = 9;

    private int[] data;
    private int rows;

    public MotionVectors(int initialRows) {
        data = new int[Math.max(1, initialRows) * COLUMNS];
    }

    /** Number of rows N. */
    public int rows() { return rows; }

    /** The value at {@code row}, {@code column} (use the column constants of this class). */
    public int get(int row, int column) {
        if (row < 0 || row >= rows || column < 0 || column >= COLUMNS) {
            throw new IndexOutOfBoundsException("row " + row + " column " + column + " of " + rows + " x " + COLUMNS);
        }
        return data[row * COLUMNS + column];
    }

    /** A row-major copy, {@code rows() * 10} values long. */
    public int[] toArray() {
        return java.util.Arrays.copyOf(data, rows * COLUMNS);
    }

    /** Empties the table, keeping its storage. For the decoder that owns it. */
    public void clear() { rows = 0; }

    /** Appends one row. For the decoder that owns it. */
    public void add(int source, int w, int h, int srcX, int srcY, int dstX, int dstY,
                    int motionX, int motionY, int motionScale) {
        if ((rows + 1) * COLUMNS > data.length) {
            data = java.util.Arrays.copyOf(data, data.length * 2);
        }
        int i = rows * COLUMNS;
        data[i] = source; data[i + 1] = w; data[i + 2] = h; data[i + 3] = srcX; data[i + 4] = srcY;
        data[i + 5] = dstX; data[i + 6] = dstY; data[i + 7] = motionX; data[i + 8] = motionY; data[i + 9] = motionScale;
        rows++;
    }
}
