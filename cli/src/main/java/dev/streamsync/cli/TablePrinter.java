package dev.streamsync.cli;

import dev.streamsync.api.Camera;
import dev.streamsync.api.FrameData;
import dev.streamsync.api.FramePacket;

import java.io.PrintWriter;
import java.util.List;

/**
 * The live table: one line per packet with its number, reference time and spread, then for each
 * camera the UTC capture time of its frame and its offset from the packet time (or its status).
 *
 * <pre>
 *  packet  reference (UTC)  spread ms | cam0                   | cam1                   |
 *      12  13:41:12.345      0.412    | 13:41:12.345  +0.00 ms | 13:41:12.345  -0.41 ms |
 * </pre>
 */
final class TablePrinter implements PacketHandler {
    private static final int COLUMN = 26;

    /** Printed under the header: what the columns and the cells' words mean. */
    static final List<String> LEGEND = List.of(
            "  (packet: number; reference: the packet's UTC time; spread: newest minus oldest frame of the packet, ms.",
            "   Per camera: the frame's UTC capture time and its offset from the reference, or a status and its reason:",
            "   dropped = no frame for this instant, read error = the frame did not decode, BROKEN = camera down",
            "   (reconnecting), ENDED = file played to its end. A cell cut short ends with '~': sync --json prints it whole.)");
    private final PrintWriter out;
    private final int cameras;

    TablePrinter(PrintWriter out, List<Camera> cameras) {
        this.out = out;
        this.cameras = cameras.size();
        StringBuilder h = new StringBuilder(" packet  reference (UTC)  spread ms |");
        for (int i = 0; i < cameras.size(); i++) {
            String name = cameras.get(i).name();
            h.append(' ').append(pad(name.equals("cam" + i) ? name : "cam" + i + " " + name, COLUMN - 2)).append(" |");
        }
        out.println(h);
        for (String line : LEGEND) {
            out.println(line);
        }
    }

    @Override
    public void onPacket(FramePacket p) {
        out.println(line(p));
    }

    String line(FramePacket p) {
        StringBuilder b = new StringBuilder(16 + cameras * (COLUMN + 2));
        b.append(String.format(java.util.Locale.ROOT, "%7d  %-15s  %9s |", p.sequence(), Times.clockMillis(p.referenceTimeUtcMicros()),
                Times.millis(p.spreadMicros())));
        for (FrameData f : p) {
            String cell = f.hasFrame()
                    ? Times.clockMillis(f.captureTimeUtcMicros()) + " " + String.format(java.util.Locale.ROOT, "%+7.2f ms", f.offsetFromPacketMicros() / 1000.0)
                    : statusWord(f) + f.reason().map(r -> ": " + r).orElse("");
            b.append(' ').append(pad(cell, COLUMN - 2)).append(" |");
        }
        return b.toString();
    }

    private static String statusWord(FrameData f) {
        return switch (f.status()) {
            case FRAME_OKAY -> "ok";
            case FRAME_DROPPED -> "dropped";
            case FRAME_READ_ERROR -> "read error";
            case CAP_BROKEN -> "BROKEN";
            case CAP_ENDED -> "ENDED";
        };
    }

    private static String pad(String s, int width) {
        if (s.length() > width) {
            return s.substring(0, width - 1) + "~";
        }
        return s + " ".repeat(width - s.length());
    }
}
