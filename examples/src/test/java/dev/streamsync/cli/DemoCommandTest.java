package dev.streamsync.cli;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemoCommandTest {
    private static final Pattern PACKETS = Pattern.compile("(?m)^summary: (\\d+) packets");
    private static final Pattern SPREAD = Pattern.compile("(?m)^  spread   p50 ([\\d.]+) ms  p99 ([\\d.]+) ms");
    /** camera line: index, name, state, fps, frames, in packets, drops, late, okay %, clock, stamp error mean / max. */
    private static final Pattern CAMERA = Pattern.compile(
            "(?m)^\\s+(\\d+)  (cam\\d)\\s+(\\w+)\\s+[\\d.]+\\s+\\d+\\s+\\d+\\s+\\d+\\s+\\d+\\s+([\\d.]+)%\\s+(\\w+)\\s+([\\d.]+) / ([\\d.]+) ms");

    /**
     * The sync tolerance is half a frame interval (20 ms at 25 fps): every frame of a packet is within
     * it of the packet time, so a packet's spread is at most one interval, 40 ms (+1 % histogram precision).
     */
    private static final double SPREAD_BOUND_MS = 40.0 * 1.01;

    @Test
    void demoSynchronizesFourCamerasWithCorrectTimestamps() {
        CliRun r = CliRun.of("demo", "--seconds", "5");
        assertEquals(0, r.exitCode(), r::toString);
        Matcher p = PACKETS.matcher(r.out());
        assertTrue(p.find(), r::toString);
        assertTrue(Long.parseLong(p.group(1)) > 0, r::toString);
        Matcher s = SPREAD.matcher(r.out());
        assertTrue(s.find(), r::toString);
        assertTrue(Double.parseDouble(s.group(2)) <= SPREAD_BOUND_MS, () -> "spread p99 above one frame interval\n" + r);
        List<Matcher> cams = cameras(r.out());
        assertEquals(4, cams.size(), r::toString);
        for (Matcher c : cams) {
            assertTrue(Double.parseDouble(c.group(4)) >= 80.0, () -> "camera " + c.group(1) + " FRAME_OKAY below 80 %\n" + r);
            // The painted capture time and the derived timestamp agree (cam3's 250 ms clock error is corrected).
            assertTrue(Double.parseDouble(c.group(7)) < 2.0, () -> "camera " + c.group(1) + " timestamps off\n" + r);
        }
        assertTrue(r.out().lines().anyMatch(l -> l.matches("\\s+\\d+  \\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\s+[\\d.]+ \\|.*")),
                () -> "no table line\n" + r);
    }

    @Test
    void uncorrectedClockOffsetShowsInTheStampError() {
        CliRun r = CliRun.of("demo", "--seconds", "3", "--no-table", "--uncorrected");
        assertEquals(0, r.exitCode(), r::toString);
        List<Matcher> cams = cameras(r.out());
        assertEquals(4, cams.size(), r::toString);
        double cam3Mean = Double.parseDouble(cams.get(3).group(6));
        assertTrue(cam3Mean > 240 && cam3Mean < 260, () -> "cam3's 250 ms clock offset should show\n" + r);
        assertTrue(Double.parseDouble(cams.get(0).group(7)) < 2.0, r::toString);
    }

    private static List<Matcher> cameras(String out) {
        List<Matcher> list = new ArrayList<>();
        Matcher m = CAMERA.matcher(out);
        while (m.find()) {
            Matcher copy = CAMERA.matcher(out);
            copy.find(m.start());
            list.add(copy);
        }
        return list;
    }
}
