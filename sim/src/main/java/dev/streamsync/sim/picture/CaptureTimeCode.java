package dev.streamsync.sim.picture;

import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/**
 * Paints a 64-bit capture time into the luma plane of a picture as large black and white cells, and
 * reads it back from a decoded picture.
 *
 * <p>The code is a band at the top-left corner of the picture, {@value #COLUMNS} cells wide and
 * {@value #ROWS} cells high. A cell is a square of {@link #cellSizePx(int, int)} pixels (the picture
 * width divided by 32, clamped to 4..32 pixels), filled with luma {@value #BLACK} (bit 0) or
 * {@value #WHITE} (bit 1), the limits of video-range luma, so that it survives lossy compression:
 * a reader averages the inner half of every cell and thresholds at mid-grey.
 *
 * <pre>
 *  column:  0   1   2   3  ...  31
 *  row 0:  [1] [0] [1] [0] ... [0]     sync: white, black, alternating (a picture without code fails here)
 *  row 1:  bits 63..32 of captureTimeUtcMicros, most significant first
 *  row 2:  bits 31..0  of captureTimeUtcMicros
 *  row 3:  CRC-32 (ISO-HDLC, java.util.zip.CRC32) of the 8 big-endian bytes of captureTimeUtcMicros
 * </pre>
 *
 * <p>Threading: stateless, all methods are thread-safe. The arrays and buffers passed in are only
 * used during the call.
 */
public final class CaptureTimeCode {

    /** Returned by the read methods when the picture carries no valid code (sync or CRC mismatch). */
    public static final long NOT_FOUND = Long.MIN_VALUE;
    /** Cells per row. */
    public static final int COLUMNS = 32;
    /** Rows of cells: sync, two data rows, CRC. */
    public static final int ROWS = 4;
    /** Luma of a 0 cell (video-range black). */
    public static final int BLACK = 16;
    /** Luma of a 1 cell (video-range white). */
    public static final int WHITE = 235;
    private static final int THRESHOLD = (BLACK + WHITE) / 2;
    private static final int MIN_CELL_PX = 4;
    private static final int MAX_CELL_PX = 32;

    private CaptureTimeCode() {
    }

    /**
     * Side of one square cell in pixels for a picture of this size, or 0 if the picture is too small
     * to carry the code (narrower than 128 pixels or lower than 16 rows).
     */
    public static int cellSizePx(int width, int height) {
        int cell = Math.min(MAX_CELL_PX, width / COLUMNS);
        if (cell < MIN_CELL_PX) {
            return 0;
        }
        while (cell >= MIN_CELL_PX && cell * ROWS > height) {
            cell--;
        }
        return cell >= MIN_CELL_PX ? cell : 0;
    }

    /** Height in pixel rows of the band the code occupies (0 if the picture is too small). */
    public static int bandHeightPx(int width, int height) {
        return cellSizePx(width, height) * ROWS;
    }

    /**
     * Paints {@code captureTimeUtcMicros} into the luma plane.
     *
     * @param luma   8-bit luma samples, row {@code r} starting at {@code r * stride}
     * @param stride bytes between the starts of two rows, at least {@code width}
     * @throws IllegalArgumentException if the picture is too small for the code
     */
    public static void paint(byte[] luma, int width, int height, int stride, long captureTimeUtcMicros) {
        int cell = requireCell(width, height, stride, luma.length);
        int[] rows = rowsFor(captureTimeUtcMicros);
        for (int row = 0; row < ROWS; row++) {
            int bits = rows[row];
            for (int col = 0; col < COLUMNS; col++) {
                boolean one = ((bits >>> (COLUMNS - 1 - col)) & 1) != 0;
                byte value = (byte) (one ? WHITE : BLACK);
                int x0 = col * cell;
                for (int y = row * cell; y < (row + 1) * cell; y++) {
                    int base = y * stride + x0;
                    for (int x = 0; x < cell; x++) {
                        luma[base + x] = value;
                    }
                }
            }
        }
    }

    /**
     * Reads the capture time from a decoded luma plane held in an array.
     *
     * @return captureTimeUtcMicros, or {@link #NOT_FOUND} if there is no valid code
     */
    public static long read(byte[] luma, int width, int height, int stride) {
        int cell = cellSizePx(width, height);
        if (cell == 0 || stride < width || (long) stride * (height - 1) + width > luma.length) {
            return NOT_FOUND;
        }
        int[] rows = new int[ROWS];
        for (int row = 0; row < ROWS; row++) {
            int bits = 0;
            for (int col = 0; col < COLUMNS; col++) {
                bits = (bits << 1) | (cellMean(luma, null, cell, row, col, stride) > THRESHOLD ? 1 : 0);
            }
            rows[row] = bits;
        }
        return decode(rows);
    }

    /**
     * Reads the capture time from a decoded luma plane held in a buffer (for example a view of a
     * native AVFrame plane). Absolute reads from index 0; the buffer's position is not changed.
     *
     * @return captureTimeUtcMicros, or {@link #NOT_FOUND} if there is no valid code
     */
    public static long read(ByteBuffer luma, int width, int height, int stride) {
        int cell = cellSizePx(width, height);
        if (cell == 0 || stride < width || (long) stride * (ROWS * cell - 1) + width > luma.limit()) {
            return NOT_FOUND;
        }
        int[] rows = new int[ROWS];
        for (int row = 0; row < ROWS; row++) {
            int bits = 0;
            for (int col = 0; col < COLUMNS; col++) {
                bits = (bits << 1) | (cellMean(null, luma, cell, row, col, stride) > THRESHOLD ? 1 : 0);
            }
            rows[row] = bits;
        }
        return decode(rows);
    }

    private static int requireCell(int width, int height, int stride, int length) {
        int cell = cellSizePx(width, height);
        if (cell == 0) {
            throw new IllegalArgumentException("picture " + width + "x" + height + " is too small for a capture time code");
        }
        if (stride < width || (long) stride * (height - 1) + width > length) {
            throw new IllegalArgumentException("luma plane of " + length + " bytes does not hold " + width + "x" + height
                    + " with stride " + stride);
        }
        return cell;
    }

    /** Mean luma of the inner half of a cell: the edges are where compression blurs black into white. */
    private static int cellMean(byte[] array, ByteBuffer buffer, int cell, int row, int col, int stride) {
        int margin = cell / 4;
        int x0 = col * cell + margin;
        int x1 = (col + 1) * cell - margin;
        int y0 = row * cell + margin;
        int y1 = (row + 1) * cell - margin;
        int sum = 0;
        int count = 0;
        for (int y = y0; y < y1; y++) {
            int base = y * stride;
            for (int x = x0; x < x1; x++) {
                sum += (array != null ? array[base + x] : buffer.get(base + x)) & 0xFF;
                count++;
            }
        }
        return sum / count;
    }

    private static int[] rowsFor(long captureTimeUtcMicros) {
        return new int[] {syncRow(), (int) (captureTimeUtcMicros >>> 32), (int) captureTimeUtcMicros, crc(captureTimeUtcMicros)};
    }

    private static long decode(int[] rows) {
        if (rows[0] != syncRow()) {
            return NOT_FOUND;
        }
        long micros = ((long) rows[1] << 32) | (rows[2] & 0xFFFF_FFFFL);
        if (crc(micros) != rows[3] || micros == NOT_FOUND) {
            return NOT_FOUND;
        }
        return micros;
    }

    /** 1010...10: white first, so a black or flat band never passes. */
    private static int syncRow() {
        return 0xAAAA_AAAA;
    }

    private static int crc(long value) {
        CRC32 crc = new CRC32();
        for (int shift = 56; shift >= 0; shift -= 8) {
            crc.update((int) (value >>> shift) & 0xFF);
        }
        return (int) crc.getValue();
    }
}
