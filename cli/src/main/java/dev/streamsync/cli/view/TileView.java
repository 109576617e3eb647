package dev.streamsync.cli.view;

import dev.streamsync.api.FrameData;
import dev.streamsync.decode.PixelFormat;

import javax.swing.JComponent;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * One camera's tile: the latest picture scaled to fit, with its UTC capture time and its offset from
 * the packet time drawn over it.
 *
 * <p>Threading: {@link #prepare} and {@link #swap} are called by the render thread, painting happens
 * on the EDT. Two images per tile: the render thread fills the back one ({@code prepare}), then the
 * window swaps every tile's back and front under one lock shared by all tiles ({@code swap}), so the
 * grid always shows the frames of one packet together; the EDT draws the front images under the same
 * lock. Images are reused while the size stays the same, so steady state allocates no pixel memory.
 */
final class TileView extends JComponent {
    private static final long serialVersionUID = 1L;
    private static final Font BIG = new Font(Font.MONOSPACED, Font.BOLD, 18);
    private static final Font SMALL = new Font(Font.MONOSPACED, Font.PLAIN, 14);
    private static final Color SMALL_OKAY = new Color(0x9fe29f);

    private final int index;
    private final String name;
    private final transient Object lock;
    private transient BufferedImage front;
    private transient BufferedImage back;
    private String line1 = "waiting";
    private String line2 = "";
    private boolean okay;
    // written by prepare, published by swap (render thread only)
    private boolean nextHasImage;
    private String nextLine1;
    private String nextLine2;
    private boolean nextOkay;

    /** {@code lock} is shared by all tiles of a window. */
    TileView(int index, String name, Object lock) {
        this.index = index;
        this.name = name;
        this.lock = lock;
        setOpaque(true);
        setBackground(Color.BLACK);
    }

    /** Render thread: copy the frame (its packet is open) into the back image, or note its status. */
    void prepare(FrameData f) {
        boolean ok = f.hasFrame() && f.width() > 0;
        nextOkay = ok;
        nextHasImage = ok;
        if (!ok) {
            nextLine1 = f.status().name();
            nextLine2 = f.reason().orElse("");
            return;
        }
        int w = f.width();
        int h = f.height();
        BufferedImage img = back; // only the render thread touches 'back' outside swap
        if (img == null || img.getWidth() != w || img.getHeight() != h) {
            img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
            back = img;
        }
        byte[] dst = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        ByteBuffer src = f.view(PixelFormat.BGR24).duplicate();
        src.get(dst, 0, Math.min(dst.length, src.remaining()));
        nextLine1 = clock(f.captureTimeUtcMicros()) + " UTC";
        nextLine2 = String.format(Locale.ROOT, "offset %+.2f ms  %s  %s", f.offsetFromPacketMicros() / 1000.0,
                f.frameType().letter(), f.timestampSource());
    }

    /** Render thread, holding the shared lock: show what {@link #prepare} made. */
    void swap() {
        if (nextHasImage) {
            BufferedImage t = front;
            front = back;
            back = t;
        }
        line1 = nextLine1;
        line2 = nextLine2;
        okay = nextOkay;
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
        int boxH = 46;
        g.setColor(new Color(0, 0, 0, 140));
        g.fillRect(0, h - boxH, w, boxH);
        String[] lines = labelLines(index, name, l1, l2);
        g.setFont(BIG);
        g.setColor(ok ? Color.WHITE : Color.ORANGE);
        g.drawString(lines[0], 8, h - boxH + 20);
        g.setFont(SMALL);
        g.setColor(ok ? SMALL_OKAY : Color.ORANGE);
        g.drawString(lines[1], 8, h - boxH + 39);
    }

    /** The two lines of text drawn over the picture, as they are now (any thread). */
    String[] labelLines() {
        synchronized (lock) {
            return labelLines(index, name, line1, line2);
        }
    }

    private static String[] labelLines(int index, String name, String line1, String line2) {
        // The name adds nothing when it is the default "cam<i>" (the demo); a URL host/path otherwise.
        return new String[] {"cam" + index + "  " + line1, name.equals("cam" + index) ? line2 : line2 + "   " + name};
    }

    /** {@code HH:mm:ss.SSS} of a UTC time in microseconds. */
    static String clock(long utcMicros) {
        long ms = Math.floorDiv(utcMicros, 1000L);
        long dayMs = Math.floorMod(ms, 86_400_000L);
        return String.format(Locale.ROOT, "%02d:%02d:%02d.%03d", dayMs / 3_600_000, dayMs / 60_000 % 60, dayMs / 1000 % 60, dayMs % 1000);
    }
}
