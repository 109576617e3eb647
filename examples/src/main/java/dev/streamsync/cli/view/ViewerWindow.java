package dev.streamsync.cli.view;

import dev.streamsync.api.FrameData;
import dev.streamsync.api.FramePacket;

import javax.swing.BorderFactory;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.SwingUtilities;
import javax.swing.WindowConstants;
import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.GridLayout;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A Swing window showing N streams in a grid, each tile with its camera's UTC capture time and its
 * offset from the packet time drawn on the picture, and the packet's spread in a status bar.
 *
 * <p>Threading: construct and {@link #show()} from any thread (they switch to the EDT);
 * {@link #render(FramePacket)} is called by one background thread with an open packet: it copies the
 * pixels into per-tile images (reused from packet to packet) and returns, so the caller can close the
 * packet at once; painting happens later on the EDT. {@code onClose} runs on the EDT when the user
 * closes the window.
 */
public final class ViewerWindow {
    private final JFrame frame;
    private final List<TileView> tiles = new ArrayList<>();
    private final Object tileLock = new Object();
    private final AtomicBoolean repaintQueued = new AtomicBoolean();
    private final JLabel status = new JLabel(" waiting for the first packet ...");
    private String statusText = ""; // guarded by tileLock

    /**
     * @param title   window title
     * @param names   one display name per camera (no credentials)
     * @param rows    grid rows (0: chosen from the camera count)
     * @param cols    grid columns (0: chosen from the camera count)
     * @param onClose called on the EDT when the window is closed by the user
     */
    public ViewerWindow(String title, List<String> names, int rows, int cols, Runnable onClose) {
        int n = names.size();
        int c = cols > 0 ? cols : rows > 0 ? (n + rows - 1) / rows : (int) Math.ceil(Math.sqrt(n));
        int r = rows > 0 ? rows : (n + c - 1) / c;
        if (r * c < n) {
            throw new IllegalArgumentException("a grid of " + r + " x " + c + " cannot show " + n + " cameras");
        }
        for (int i = 0; i < n; i++) {
            tiles.add(new TileView(i, names.get(i), tileLock));
        }
        frame = onEdt(() -> {
            JFrame f = new JFrame(title);
            f.setDefaultCloseOperation(WindowConstants.DISPOSE_ON_CLOSE);
            JPanel grid = new JPanel(new GridLayout(r, c, 2, 2)) {
                private static final long serialVersionUID = 1L;

                @Override
                public void paint(java.awt.Graphics g) {
                    synchronized (tileLock) { // no swap in the middle of painting the grid
                        super.paint(g);
                    }
                }
            };
            grid.setBackground(Color.DARK_GRAY);
            for (TileView t : tiles) {
                t.setPreferredSize(new Dimension(480, 270));
                grid.add(t);
            }
            for (int i = n; i < r * c; i++) {
                JPanel empty = new JPanel();
                empty.setBackground(Color.BLACK);
                grid.add(empty);
            }
            status.setFont(new Font(Font.MONOSPACED, Font.BOLD, 14));
            status.setBorder(BorderFactory.createEmptyBorder(4, 8, 4, 8));
            f.getContentPane().add(grid, BorderLayout.CENTER);
            f.getContentPane().add(status, BorderLayout.SOUTH);
            f.addWindowListener(new WindowAdapter() {
                @Override
                public void windowClosed(WindowEvent e) {
                    onClose.run();
                }
            });
            f.pack();
            return f;
        });
    }

    /** Makes the window visible. */
    public void show() {
        SwingUtilities.invokeLater(() -> {
            frame.setLocationRelativeTo(null);
            frame.setVisible(true);
        });
    }

    /** Copies the packet's frames into the tiles and schedules a repaint; see the class comment. */
    public void render(FramePacket packet) {
        for (FrameData f : packet) {
            if (f.cameraIndex() < tiles.size()) {
                tiles.get(f.cameraIndex()).prepare(f);
            }
        }
        String text = String.format(Locale.ROOT, " packet %d   reference %s UTC   spread %.2f ms   cameras with a frame %d/%d",
                packet.sequence(), TileView.clock(packet.referenceTimeUtcMicros()), packet.spreadMicros() / 1000.0,
                countFrames(packet), packet.size());
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
                frame.getContentPane().repaint();
            });
        }
    }

    /** Closes the window (without calling {@code onClose} twice if the user already did). */
    public void dispose() {
        SwingUtilities.invokeLater(frame::dispose);
    }

    private static int countFrames(FramePacket p) {
        int n = 0;
        for (FrameData f : p) {
            n += f.hasFrame() ? 1 : 0;
        }
        return n;
    }

    private static <T> T onEdt(java.util.function.Supplier<T> s) {
        if (SwingUtilities.isEventDispatchThread()) {
            return s.get();
        }
        Object[] box = new Object[1];
        try {
            SwingUtilities.invokeAndWait(() -> box[0] = s.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the window", e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("cannot create the window: " + e.getCause(), e.getCause());
        }
        @SuppressWarnings("unchecked")
        T t = (T) box[0];
        return t;
    }
}
