package dev.streamsync.cli.view;

import dev.streamsync.api.FramePacket;

import javax.swing.JFrame;
import javax.swing.SwingUtilities;
import javax.swing.WindowConstants;
import java.awt.BorderLayout;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.lang.reflect.InvocationTargetException;
import java.util.List;

/**
 * A Swing window showing N streams in a grid, each tile with its camera's UTC capture time and its
 * offset from the packet time drawn on the picture, and the packet's spread in a status bar (the
 * content is a {@link ViewerPanel}; this class adds the frame).
 *
 * <p>Threading: construct and {@link #show()} from any thread (they switch to the EDT);
 * {@link #render(FramePacket)} is called by one background thread with an open packet: it copies the
 * pixels into per-tile images (reused from packet to packet) and returns, so the caller can close the
 * packet at once; painting happens later on the EDT. {@code onClose} runs on the EDT when the user
 * closes the window.
 */
public final class ViewerWindow {
    private final JFrame frame;
    private final ViewerPanel panel;

    /**
     * @param title   window title
     * @param names   one display name per camera (no credentials)
     * @param rows    grid rows (0: chosen from the camera count)
     * @param cols    grid columns (0: chosen from the camera count)
     * @param onClose called on the EDT when the window is closed by the user
     * @throws IllegalArgumentException if a grid of {@code rows x cols} cannot show every camera
     */
    public ViewerWindow(String title, List<String> names, int rows, int cols, Runnable onClose) {
        ViewerPanel.gridSize(names.size(), rows, cols); // fails before any window exists
        Object[] made = onEdt(() -> {
            ViewerPanel p = new ViewerPanel(names, rows, cols);
            JFrame f = new JFrame(title);
            f.setDefaultCloseOperation(WindowConstants.DISPOSE_ON_CLOSE);
            f.getContentPane().add(p, BorderLayout.CENTER);
            f.addWindowListener(new WindowAdapter() {
                @Override
                public void windowClosed(WindowEvent e) {
                    onClose.run();
                }
            });
            f.pack();
            return new Object[] {f, p};
        });
        frame = (JFrame) made[0];
        panel = (ViewerPanel) made[1];
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
        panel.render(packet);
    }

    /** Closes the window (without calling {@code onClose} twice if the user already did). */
    public void dispose() {
        SwingUtilities.invokeLater(frame::dispose);
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
