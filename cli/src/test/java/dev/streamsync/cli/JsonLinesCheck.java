package dev.streamsync.cli;

import dev.streamsync.api.FailureKind;
import dev.streamsync.api.FrameStatus;
import dev.streamsync.rtcp.TimestampSource;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checks {@code sync --json} output line by line: strict JSON, every field present with a valid value. */
final class JsonLinesCheck {
    private JsonLinesCheck() {
    }

    /** Checks every line; returns the number of frames with FRAME_OKAY. */
    static int check(String stdout, int cameras, int width, int height, int expectedLines) {
        List<String> lines = stdout.lines().toList();
        assertEquals(expectedLines, lines.size(), stdout);
        long previous = -1;
        int okay = 0;
        for (String line : lines) {
            Map<?, ?> o = assertInstanceOf(Map.class, JsonCheck.parse(line), line);
            assertEquals(Set.of("packet", "reference", "spread_ms", "frames"), o.keySet(), line);
            long packet = integer(o.get("packet"), line);
            assertTrue(packet > previous, line);
            previous = packet;
            BigDecimal reference = micros(o.get("reference"), line);
            assertTrue(reference.compareTo(new BigDecimal("1500000000")) > 0, line);
            assertTrue(((BigDecimal) o.get("spread_ms")).signum() >= 0, line);
            List<?> frames = assertInstanceOf(List.class, o.get("frames"), line);
            assertEquals(cameras, frames.size(), line);
            for (int i = 0; i < cameras; i++) {
                Map<?, ?> f = assertInstanceOf(Map.class, frames.get(i), line);
                assertEquals(i, integer(f.get("camera"), line), line);
                FrameStatus status = FrameStatus.valueOf((String) f.get("status"));
                if (status == FrameStatus.CAP_BROKEN) {
                    // A broken camera says why, and what kind of failure it is.
                    assertEquals(Set.of("camera", "status", "reason", "failure"), f.keySet(), line);
                    FailureKind.valueOf((String) f.get("failure"));
                    continue;
                }
                if (status != FrameStatus.FRAME_OKAY) {
                    assertTrue(f.keySet().equals(Set.of("camera", "status", "reason")) || f.keySet().equals(Set.of("camera", "status")), line);
                    continue;
                }
                okay++;
                assertEquals(Set.of("camera", "status", "timestamp", "offset_ms", "timestamp_source", "frame_type", "width", "height",
                        "motion_vectors"), f.keySet(), line);
                BigDecimal ts = micros(f.get("timestamp"), line);
                BigDecimal offsetMs = (BigDecimal) f.get("offset_ms");
                // offset_ms is the timestamp minus the packet time, to the microsecond
                assertEquals(0, ts.subtract(reference).multiply(BigDecimal.valueOf(1000)).compareTo(offsetMs), line);
                TimestampSource.valueOf((String) f.get("timestamp_source"));
                assertTrue(List.of("I", "P", "B", "?").contains(f.get("frame_type")), line);
                assertEquals(width, integer(f.get("width"), line), line);
                assertEquals(height, integer(f.get("height"), line), line);
                assertTrue(integer(f.get("motion_vectors"), line) >= 0, line);
            }
        }
        return okay;
    }

    private static long integer(Object v, String line) {
        BigDecimal d = assertInstanceOf(BigDecimal.class, v, line);
        assertEquals(0, d.scale(), () -> "not an integer: " + v + " in " + line);
        return d.longValueExact();
    }

    /** A UTC time in seconds with exactly six decimals (microseconds). */
    private static BigDecimal micros(Object v, String line) {
        BigDecimal d = assertInstanceOf(BigDecimal.class, v, line);
        assertEquals(6, d.scale(), () -> "not microsecond digits: " + v + " in " + line);
        return d;
    }
}
