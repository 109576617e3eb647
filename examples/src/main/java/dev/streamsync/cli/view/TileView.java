package dev.streamsync.cli.view;

import dev.streamsync.api.FrameData;
import dev.streamsync.decode.PixelFormat;

import javax.swing.JComponent;
import javax.swing.SwingUtilities;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One camera's tile: the latest picture scaled to fit, with its UTC capture time and its offset from
 * the packet time drawn over it.
 *
 * <p>Threading: {@link #update} is called by the render thread, painting happens on the EDT. Two
 * images per tile: the render thread fills the back one, then swaps it with the front one under the
 * tile's lock; the EDT draws the front one under the same lock. Images are reused while the size
 * stays the same, so steady state allocates no pixel memory.
 */
final class TileView extends JComponent {
    private static final long serialVersionUID = 1L;
    private static final Font BIG = new Font(Font.MONOSPACED, Font.BOLD, 18);
    private static final Font SMALL = new Font(Font.MONOSPACED, Font.PLAIN, 14);

    private final int index;
    private final String name;
    private final transient Object lock = new Object();
    private final AtomicBoolean repaintQueued = new AtomicBoolean();
    private transient BufferedImage front;
    private transient BufferedImage back;
    private String line1 = "waiting";
    private String line2 = "";
    private boolean okay;

    TileView(int index, String name) {
        this.index = index;
        this.name = name;
        setOpaque(true);
        setBackground(Color.BLACK);
    }

    /** Render thread: copy the frame (its packet is open) or note its status. */
    void update(FrameData f) {
        String l1;
        String l2;
        boolean ok = f.hasFrame() && f.width() > 0;
        BufferedImage filled = null;
        if (ok) {
            int w = f.width();
            int h = f.height();
            BufferedImage img;
            synchronized (lock) {
                img = back;
                back = null;
            }
            if (img == null || img.getWidth() != w || img.getHeight() != h) {
                img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
            }
            byte[] dst = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
            ByteBuffer src = f.view(PixelFormat.BGR24).duplicate();
            src.get(dst, 0, Math.min(dst.length, src.remaining()));
            filled = img;
            l1 = clock(f.captureTimeUtcMicros()) + " UTC";
            l2 = String.format(Locale.ROOT, "offset %+.2f ms  %s  %s", f.offsetFromPacketMicros() / 1000.0,
                    f.frameType().letter(), f.timestampSource());
        } else {
            l1 = f.status().name();
            l2 = f.reason().orElse("");
        }
        synchronized (lock) {
            if (filled != null) {
                back = front;
                front = filled;
            }
            line1 = l1;
            line2 = l2;
            okay = ok;
        }
        if (repaintQueued.compareAndSet(false, true)) {
            SwingUtilities.invokeLater(() -> {
                repaintQueued.set(false);
                repaint();
            });
        }
    }

    @Override
    protected void paintComponent(Graphics g0) {
        Graphics2D g = (Graphics2D) g0;
        int w = getWidth();
        int h = getHeight();
        g.setColor(Color.BLACK);
        g.fillRect(0, 0, w, h);
        String l1;
        String l2;
        boolean ok;
        synchronized (lock) {
            if (front != null) {
                double scale = Math.min((double) w / front.getWidth(), (double) h / front.getHeight());
                int dw = (int) (front.getWidth() * scale);
                int dh = (int) (front.getHeight() * scale);
                g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                g.drawImage(front, (w - dw) / 2, (h - dh) / 2, dw, dh, null);
            }
            l1 = line1;
            l2 = line2;
            ok = okay;
        }
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        int boxH = 62;
        g.setColor(new Color(0, 0, 0, 170));
        g.fillRect(0, h - boxH, w, boxH);
        g.setFont(BIG);
        g.setColor(ok ? Color.WHITE : Color.ORANGE);
        g.drawString("cam" + index + "  " + l1, 8, h - boxH + 22);
        g.setFont(SMALL);
        g.setColor(ok ? new Color(0x9fe29f) : Color.ORANGE);
        g.drawString(l2, 8, h - boxH + 42);
        g.setColor(Color.LIGHT_GRAY);
        g.drawString(name, 8, h - boxH + 58);
    }

    /** {@code HH:mm:ss.SSS} of a UTC time in microseconds. */
    static String clock(long utcMicros) {
        long ms = Math.floorDiv(utcMicros, 1000L);
        long dayMs = Math.floorMod(ms, 86_400_000L);
        return String.format(Locale.ROOT, "%02d:%02d:%02d.%03d", dayMs / 3_600_000, dayMs / 60_000 % 60, dayMs / 1000 % 60, dayMs % 1000);
    }
}
