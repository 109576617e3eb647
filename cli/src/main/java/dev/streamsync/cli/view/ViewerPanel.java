package dev.streamsync.cli.view;

import dev.streamsync.api.FrameData;
import dev.streamsync.api.FramePacket;

import javax.swing.BorderFactory;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.SwingUtilities;
import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.Graphics;
import java.awt.GridLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the viewer window shows: a grid of {@link TileView}s, one per camera, and a status bar with
 * the packet's number, reference time and spread. Needs no display (lightweight Swing only), so it
 * can be painted into an image; {@link ViewerWindow} puts it in a frame.
 *
 * <p>Threading: construct on the EDT; {@link #render(FramePacket)} from one background thread with an
 * open packet (it copies the pixels and returns, see {@link TileView}); painting on the EDT.
 */
final class ViewerPanel extends JPanel {
    private static final long serialVersionUID = 1L;

    private final List<TileView> tiles = new ArrayList<>();
    private final transient Object tileLock = new Object();
    private final AtomicBoolean repaintQueued = new AtomicBoolean();
    private final JLabel status = new JLabel(" waiting for the first packet ...");
    private String statusText = ""; // guarded by tileLock

    /**
     * @param names one display name per camera (no credentials)
     * @param rows  grid rows (0: chosen from the camera count)
     * @param cols  grid columns (0: chosen from the camera count)
     * @throws IllegalArgumentException if a grid of {@code rows x cols} cannot show every camera
     */
    ViewerPanel(List<String> names, int rows, int cols) {
        super(new BorderLayout());
        int n = names.size();
        int[] grid = gridSize(n, rows, cols);
        int r = grid[0];
        int c = grid[1];
        for (int i = 0; i < n; i++) {
            tiles.add(new TileView(i, names.get(i), tileLock));
        }
        JPanel gridPanel = new JPanel(new GridLayout(r, c, 2, 2)) {
            private static final long serialVersionUID = 1L;

            @Override
            public void paint(Graphics g) {
                synchronized (tileLock) { // no swap in the middle of painting the grid
                    super.paint(g);
                }
            }
        };
        gridPanel.setBackground(Color.DARK_GRAY);
        for (TileView t : tiles) {
            t.setPreferredSize(new Dimension(480, 270));
            gridPanel.add(t);
        }
        for (int i = n; i < r * c; i++) {
            JPanel empty = new JPanel();
            empty.setBackground(Color.BLACK);
            gridPanel.add(empty);
        }
        status.setFont(new Font(Font.MONOSPACED, Font.BOLD, 14));
        status.setBorder(BorderFactory.createEmptyBorder(4, 8, 4, 8));
        add(gridPanel, BorderLayout.CENTER);
        add(status, BorderLayout.SOUTH);
    }

    /**
     * Rows and columns of the grid for {@code cameras} tiles: {@code {rows, cols}}. A zero count is
     * chosen from the other, or both from the square root of the camera count.
     *
     * @throws IllegalArgumentException if the grid has fewer cells than cameras
     */
    static int[] gridSize(int cameras, int rows, int cols) {
        int c = cols > 0 ? cols : rows > 0 ? (cameras + rows - 1) / rows : (int) Math.ceil(Math.sqrt(cameras));
        int r = rows > 0 ? rows : (cameras + c - 1) / c;
        if (r * c < cameras) {
            throw new IllegalArgumentException("a grid of " + r + " x " + c + " cannot show " + cameras + " cameras");
        }
        return new int[] {r, c};
    }

    /** Copies the packet's frames into the tiles and schedules a repaint; see the class comment. */
    void render(FramePacket packet) {
        for (FrameData f : packet) {
            if (f.cameraIndex() < tiles.size()) {
                tiles.get(f.cameraIndex()).prepare(f);
            }
        }
        String text = statusText(packet);
        synchronized (tileLock) {
            // All tiles and the status bar change together: the window always shows one packet.
            for (TileView t : tiles) {
                t.swap();
            }
            statusText = text;
        }
        if (repaintQueued.compareAndSet(false, true)) {
            SwingUtilities.invokeLater(() -> {
                repaintQueued.set(false);
                synchronized (tileLock) {
                    status.setText(statusText);
                }
                repaint();
            });
        }
    }

    /** The status bar's text for a packet: number, reference time, spread and how many cameras have a frame. */
    static String statusText(FramePacket packet) {
        return String.format(Locale.ROOT, " packet %d   reference %s UTC   spread %.2f ms   cameras with a frame %d/%d",
                packet.sequence(), TileView.clock(packet.referenceTimeUtcMicros()), packet.spreadMicros() / 1000.0,
                countFrames(packet), packet.size());
    }

    /** The tile of camera {@code i}. */
    TileView tile(int i) {
        return tiles.get(i);
    }

    /** The status bar. */
    JLabel status() {
        return status;
    }

    private static int countFrames(FramePacket p) {
        int n = 0;
        for (FrameData f : p) {
            n += f.hasFrame() ? 1 : 0;
        }
        return n;
    }
}
