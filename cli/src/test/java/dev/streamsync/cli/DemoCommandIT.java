package dev.streamsync.cli;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemoCommandIT {
    private static final Pattern PACKETS = Pattern.compile("(?m)^summary: (\\d+) packets");
    private static final Pattern SPREAD = Pattern.compile("(?m)^  spread   p50 ([\\d.]+) ms  p99 ([\\d.]+) ms");
    /** camera line: index, name, state, fps, frames, in packets, drops, late, okay %, clock, stamp error mean / max. */
    private static final Pattern CAMERA = Pattern.compile(
            "(?m)^\\s+(\\d+)  (cam\\d)\\s+(\\w+)\\s+([\\d.]+)\\s+\\d+\\s+\\d+\\s+\\d+\\s+\\d+\\s+([\\d.]+)%\\s+(\\w+)\\s+([\\d.]+) / ([\\d.]+) ms");

    @Test
    void demoSynchronizesFourCamerasWithCorrectTimestamps() {
        CliRun r = CliRun.of("demo", "--seconds", "5");
        assertEquals(0, r.exitCode(), r::toString);
        Matcher p = PACKETS.matcher(r.out());
        assertTrue(p.find(), r::toString);
        assertTrue(Long.parseLong(p.group(1)) > 0, r::toString);
        Matcher s = SPREAD.matcher(r.out());
        assertTrue(s.find(), r::toString);
        List<Matcher> cams = cameras(r.out());
        assertEquals(4, cams.size(), r::toString);
        // The sync tolerance is half of each camera's frame interval (20 ms at 25 fps): every frame of a
        // packet is within it of the packet time, so the spread is at most one interval of the slowest
        // camera (40 ms at 25 fps; more when a loaded machine makes an encoder skip frames), plus the
        // histogram's 3-digit precision.
        double minFps = cams.stream().mapToDouble(c -> Double.parseDouble(c.group(4))).min().orElseThrow();
        double spreadBoundMs = 1000.0 / minFps * 1.01;
        assertTrue(Double.parseDouble(s.group(2)) <= spreadBoundMs, () -> "spread p99 above one frame interval\n" + r);
        for (Matcher c : cams) {
            assertTrue(Double.parseDouble(c.group(5)) >= 70.0, () -> "camera " + c.group(1) + " FRAME_OKAY below 70 %\n" + r);
            // The painted capture time and the derived timestamp agree (cam3's 250 ms clock error is corrected).
            assertTrue(Double.parseDouble(c.group(8)) < 2.0, () -> "camera " + c.group(1) + " timestamps off\n" + r);
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
        double cam3Mean = Double.parseDouble(cams.get(3).group(7));
        assertTrue(cam3Mean > 240 && cam3Mean < 260, () -> "cam3's 250 ms clock offset should show\n" + r);
        assertTrue(Double.parseDouble(cams.get(0).group(8)) < 2.0, r::toString);
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
