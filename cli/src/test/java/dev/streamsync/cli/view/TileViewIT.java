package dev.streamsync.cli.view;

import dev.streamsync.api.FrameData;
import dev.streamsync.api.FramePacket;
import dev.streamsync.cli.ImageTimeCode;
import dev.streamsync.sim.picture.CaptureTimeCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.swing.SwingUtilities;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.streamsync.cli.view.LivePackets.paintedMicros;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A viewer tile painted into an image (no display needed) from real decoded frames: the picture is
 * scaled into the tile (the capture time code painted by the camera reads back at the tile's scale),
 * and the label says the camera, its UTC capture time, offset, frame type and timestamp source.
 */
class TileViewIT {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
    /** "offset +1.23 ms  P  RTCP_SR" */
    private static final Pattern DETAIL = Pattern.compile("offset ([+-]\\d+\\.\\d\\d) ms  ([IPB?])  (\\w+)");
    private static final int LABEL_BOX_PX = 46;

    private static LivePackets packets;

    @BeforeAll
    static void start() throws Exception {
        packets = new LivePackets();
    }

    @AfterAll
    static void stop() {
        packets.close();
    }

    @Test
    void showsTheFrameScaledIntoTheTileWithItsTimeOffsetFrameTypeAndTimestampSource() throws Exception {
        TileView tile = new TileView(0, "cam0", new Object());
        long painted;
        String time;
        double offsetMs;
        String letter;
        String source;
        try (FramePacket p = packets.next()) {
            FrameData f = p.get(0);
            painted = paintedMicros(f);
            time = CLOCK.format(Instant.EPOCH.plusNanos(f.captureTimeUtcMicros() * 1000));
            offsetMs = f.offsetFromPacketMicros() / 1000.0;
            letter = f.frameType().letter();
            source = f.timestampSource().name();
            tile.prepare(f);
            tile.swap();
        } // the tile copied the pixels: the packet may be closed before painting
        // 640x480 holds the 320x180 picture at scale 2 (letterboxed: 60 black rows above and below).
        BufferedImage img = paint(tile, 640, 480);
        assertEquals(painted, ImageTimeCode.read(img, 0, 60, 640, 360), "the picture at twice its size, centred");
        assertBlack(img, 0, 60);
        assertBlack(img, 420, 480 - LABEL_BOX_PX);

        String[] lines = tile.labelLines();
        assertEquals("cam0  " + time + " UTC", lines[0]);
        Matcher m = DETAIL.matcher(lines[1]);
        assertTrue(m.matches(), lines[1]); // the default name "cam0" is not repeated
        assertEquals(offsetMs, Double.parseDouble(m.group(1)), 0.005 + 1e-9); // two decimals; a tie rounds up
        assertEquals(letter, m.group(2));
        assertEquals(source, m.group(3));
        assertEquals("RTCP_SR", source);
        // The text is drawn: white first line, green second line, nothing orange.
        assertTrue(count(img, 480 - LABEL_BOX_PX, 480 - LABEL_BOX_PX + 22, TileViewIT::white) > 20, "no white text");
        assertTrue(count(img, 480 - LABEL_BOX_PX + 30, 480, TileViewIT::green) > 10, "no green text");
        assertEquals(0, count(img, 480 - LABEL_BOX_PX, 480, TileViewIT::orange), "orange text on a good frame");
    }

    @Test
    void namesACameraThatHasANameOfItsOwn() throws Exception {
        TileView tile = new TileView(1, "door-1", new Object());
        try (FramePacket p = packets.next()) {
            tile.prepare(p.get(1));
            tile.swap();
        }
        String[] lines = tile.labelLines();
        assertTrue(lines[0].startsWith("cam1  "), lines[0]);
        assertTrue(lines[1].matches(DETAIL.pattern() + "   door-1"), lines[1]);
    }

    @Test
    void aPreparedFrameShowsOnlyAfterTheSwap() throws Exception {
        TileView tile = new TileView(0, "cam0", new Object());
        long first;
        try (FramePacket p = packets.next()) {
            first = paintedMicros(p.get(0));
            tile.prepare(p.get(0));
            tile.swap();
        }
        String[] firstLines = tile.labelLines();
        long second;
        try (FramePacket p = packets.next()) {
            second = paintedMicros(p.get(0));
            tile.prepare(p.get(0));
        }
        assertNotEquals(first, second);
        // 480x270: the 320x180 picture at scale 1.5 fills the tile.
        assertEquals(first, ImageTimeCode.read(paint(tile, 480, 270), 0, 0, 480, 270), "the back image is not shown before swap");
        assertArrayEquals(firstLines, tile.labelLines());
        tile.swap();
        assertEquals(second, ImageTimeCode.read(paint(tile, 480, 270), 0, 0, 480, 270));
    }

    @Test
    void aCameraWithoutAFrameKeepsItsLastPictureUnderItsStatusInOrange() throws Exception {
        TileView tile = new TileView(2, "cam2", new Object());
        BufferedImage empty = paint(tile, 480, 270);
        assertEquals(CaptureTimeCode.NOT_FOUND, ImageTimeCode.read(empty, 0, 0, 480, 270));
        assertEquals("cam2  waiting", tile.labelLines()[0]);

        long last;
        String reason;
        try (FramePacket p = packets.next()) {
            last = paintedMicros(p.get(0));
            tile.prepare(p.get(0));
            tile.swap();
            FrameData broken = p.get(2);
            reason = broken.reason().orElseThrow();
            tile.prepare(broken);
            tile.swap();
        }
        BufferedImage img = paint(tile, 480, 270);
        assertEquals(last, ImageTimeCode.read(img, 0, 0, 480, 270), "the last picture stays");
        assertArrayEquals(new String[] {"cam2  CAP_BROKEN", reason}, tile.labelLines());
        assertTrue(count(img, 270 - LABEL_BOX_PX, 270, TileViewIT::orange) > 20, "no orange text");
        assertEquals(0, count(img, 270 - LABEL_BOX_PX, 270, p -> white(p) || green(p)), "white or green text on a broken camera");
    }

    @Test
    void clockIsTheUtcTimeOfDayToTheMillisecond() {
        assertEquals("00:00:00.000", TileView.clock(0));
        assertEquals("23:59:59.999", TileView.clock(-1)); // floor, not truncation toward zero
        assertEquals("13:14:15.678", TileView.clock(((13 * 3600 + 14 * 60 + 15) * 1000L + 678) * 1000L + 999 + 86_400_000_000L * 20_000));
    }

    /** Paints the tile at {@code w x h} into a new image, on the EDT. */
    static BufferedImage paint(javax.swing.JComponent c, int w, int h) throws Exception {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        SwingUtilities.invokeAndWait(() -> {
            c.setSize(w, h);
            Graphics2D g = img.createGraphics();
            try {
                c.paint(g);
            } finally {
                g.dispose();
            }
        });
        return img;
    }

    private static void assertBlack(BufferedImage img, int fromRow, int toRow) {
        for (int y = fromRow; y < toRow; y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y) & 0xFF_FFFF;
                if (rgb != 0) {
                    throw new AssertionError(String.format("pixel (%d, %d) is %06x, not black", x, y, rgb));
                }
            }
        }
    }

    /** Pixels of rows {@code [fromRow, toRow)} that pass {@code test}. */
    static int count(BufferedImage img, int fromRow, int toRow, java.util.function.IntPredicate test) {
        int n = 0;
        for (int y = fromRow; y < toRow; y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                n += test.test(img.getRGB(x, y) & 0xFF_FFFF) ? 1 : 0;
            }
        }
        return n;
    }

    // Under the label box the picture is darkened to at most 115 per channel (black at alpha 140), so
    // these colours can only come from the text.
    static boolean white(int rgb) {
        return (rgb >> 16 & 0xFF) > 200 && (rgb >> 8 & 0xFF) > 200 && (rgb & 0xFF) > 200;
    }

    static boolean green(int rgb) {
        int r = rgb >> 16 & 0xFF;
        int g = rgb >> 8 & 0xFF;
        int b = rgb & 0xFF;
        return g > 120 && g - r > 30 && g - b > 30;
    }

    static boolean orange(int rgb) {
        return (rgb >> 16 & 0xFF) > 200 && (rgb >> 8 & 0xFF) > 100 && (rgb & 0xFF) < 80;
    }
}
