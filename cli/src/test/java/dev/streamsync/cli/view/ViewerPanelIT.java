package dev.streamsync.cli.view;

import dev.streamsync.api.FramePacket;
import dev.streamsync.cli.ImageTimeCode;
import dev.streamsync.sim.picture.CaptureTimeCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.swing.SwingUtilities;
import java.awt.Component;
import java.awt.Container;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.streamsync.cli.view.LivePackets.paintedMicros;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The viewer's content (grid of tiles and status bar) painted into an image without a display, from
 * real packets: every camera's frame of one packet in its cell, the packet's spread in the status bar.
 */
class ViewerPanelIT {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
    private static final Pattern STATUS = Pattern.compile(
            " packet (\\d+)   reference (\\S+) UTC   spread (\\d+\\.\\d\\d) ms   cameras with a frame (\\d+)/(\\d+)");

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
    void showsEveryCameraOfOnePacketInItsCellAndThePacketsSpreadInTheStatusBar() throws Exception {
        ViewerPanel panel = onEdt(() -> new ViewerPanel(List.of("cam0", "door-1", "cam2"), 0, 0)); // 3 cameras: 2 x 2
        for (int round = 0; round < 2; round++) { // the second packet replaces the first everywhere
            long[] painted = new long[2];
            long sequence;
            long referenceMicros;
            long spreadMicros;
            String reason;
            try (FramePacket p = packets.next()) {
                painted[0] = paintedMicros(p.get(0));
                painted[1] = paintedMicros(p.get(1));
                sequence = p.sequence();
                referenceMicros = p.referenceTimeUtcMicros();
                spreadMicros = Math.abs(p.get(0).captureTimeUtcMicros() - p.get(1).captureTimeUtcMicros());
                reason = p.get(2).reason().orElseThrow();
                panel.render(p); // on this thread, as the packet loop does
            }
            BufferedImage img = paintAtPreferredSize(panel);

            for (int i = 0; i < 2; i++) {
                int camera = i;
                Rectangle r = onEdt(() -> boundsIn(panel, panel.tile(camera)));
                assertEquals(new Rectangle(r.x, r.y, 480, 270), r, "a tile at its preferred size");
                // The 320x180 picture at scale 1.5 fills the tile; its painted capture time reads back there.
                assertEquals(painted[i], ImageTimeCode.read(img, r.x, r.y, r.width, r.height), "camera " + i + "'s cell");
            }
            Rectangle broken = onEdt(() -> boundsIn(panel, panel.tile(2)));
            assertEquals(CaptureTimeCode.NOT_FOUND, ImageTimeCode.read(img, broken.x, broken.y, broken.width, broken.height),
                    "a camera that never had a frame shows no picture");
            assertArrayEquals(new String[] {"cam2  CAP_BROKEN", reason}, panel.tile(2).labelLines());
            assertTrue(panel.tile(1).labelLines()[1].endsWith("   door-1"), panel.tile(1).labelLines()[1]);

            String status = onEdt(() -> panel.status().getText());
            Matcher m = STATUS.matcher(status);
            assertTrue(m.matches(), status);
            assertEquals(sequence, Long.parseLong(m.group(1)), status);
            assertEquals(CLOCK.format(Instant.EPOCH.plusNanos(referenceMicros * 1000)), m.group(2), status);
            // Printed with two decimals: within half a unit of the last digit (plus float error at a tie, 8.235 → 8.24).
            assertEquals(spreadMicros / 1000.0, Double.parseDouble(m.group(3)), 0.005 + 1e-9, status);
            assertEquals("2", m.group(4), status);
            assertEquals("3", m.group(5), status);
            Rectangle bar = onEdt(() -> panel.status().getBounds());
            assertTrue(TileViewIT.count(img.getSubimage(bar.x, bar.y, bar.width, bar.height), 0, bar.height,
                    rgb -> (rgb >> 8 & 0xFF) < 100) > 50, "no text in the status bar");
        }
    }

    @Test
    void gridSizeFollowsTheGivenRowsOrColumnsOrTheCameraCount() {
        // {cameras, rows, cols, expected rows, expected cols}
        int[][] cases = {
                {1, 0, 0, 1, 1}, {2, 0, 0, 1, 2}, {3, 0, 0, 2, 2}, {4, 0, 0, 2, 2}, {5, 0, 0, 2, 3}, {10, 0, 0, 3, 4},
                {4, 1, 0, 1, 4}, {4, 0, 1, 4, 1}, {5, 2, 0, 2, 3}, {6, 0, 4, 2, 4}, {4, 2, 2, 2, 2}, {3, 3, 3, 3, 3},
        };
        for (int[] c : cases) {
            assertArrayEquals(new int[] {c[3], c[4]}, ViewerPanel.gridSize(c[0], c[1], c[2]),
                    () -> c[0] + " cameras, rows " + c[1] + ", cols " + c[2]);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ViewerPanel.gridSize(5, 2, 2));
        assertEquals("a grid of 2 x 2 cannot show 5 cameras", e.getMessage());
    }

    @Test
    void aWindowWhoseGridCannotShowEveryCameraIsRefusedBeforeItOpens() {
        // Refused with the grid's reason (a usage error for the command), not with "no display".
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ViewerWindow("t", List.of("a", "b", "c"), 1, 2, () -> { }));
        assertEquals("a grid of 1 x 2 cannot show 3 cameras", e.getMessage());
    }

    /** Lays the panel out at its preferred size and paints it into a new image, on the EDT. */
    private static BufferedImage paintAtPreferredSize(ViewerPanel panel) throws Exception {
        return onEdt(() -> {
            panel.setSize(panel.getPreferredSize());
            layOut(panel);
            BufferedImage img = new BufferedImage(panel.getWidth(), panel.getHeight(), BufferedImage.TYPE_INT_RGB);
            Graphics2D g = img.createGraphics();
            try {
                panel.paint(g);
            } finally {
                g.dispose();
            }
            return img;
        });
    }

    private static Rectangle boundsIn(ViewerPanel panel, TileView tile) {
        return SwingUtilities.convertRectangle(tile.getParent(), tile.getBounds(), panel);
    }

    /** doLayout down the tree: a panel without a window is never validated by Swing. */
    private static void layOut(Container c) {
        c.doLayout();
        for (Component child : c.getComponents()) {
            if (child instanceof Container k) {
                layOut(k);
            }
        }
    }

    /** Runs {@code s} on the EDT after everything queued there before (the panel's scheduled repaints). */
    private static <T> T onEdt(java.util.function.Supplier<T> s) throws Exception {
        AtomicReference<T> result = new AtomicReference<>();
        SwingUtilities.invokeAndWait(() -> result.set(s.get()));
        return result.get();
    }
}
