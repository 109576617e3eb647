package dev.streamsync.cli;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code sync --json --packets 20} against GStreamer's RTSP server (Debian's gst-rtsp-server 1.22 via
 * /usr/bin/python3), whose script prints the capture time of every frame: every JSON line must be
 * well-formed and every timestamp must be a printed capture time, to one 90 kHz tick plus rounding
 * (measured here: 3-11 us). GStreamer's first sender report, 50-200 ms off, is replaced by the clock
 * estimator when the next one disagrees (rtcp module), so this holds from the first packet.
 */
class SyncJsonIT {
    /** The RTSP client's test server script, used in place (core's test resources, not copied). */
    private static final Path SERVER_SCRIPT = Path.of("..", "core", "src", "test", "resources", "dev", "streamsync", "rtsp",
            "gst_rtsp_server.py");

    @Test
    void jsonLinesFromGStreamerCarryItsCaptureTimes() throws Exception {
        assertTrue(Files.isRegularFile(SERVER_SCRIPT), () -> "missing " + SERVER_SCRIPT.toAbsolutePath());
        Process server = new ProcessBuilder("/usr/bin/python3", SERVER_SCRIPT.toString(), "--codec", "h264", "--width", "320",
                "--height", "240", "--fps", "30").redirectError(ProcessBuilder.Redirect.INHERIT).start();
        NavigableSet<Long> captureMicros = new ConcurrentSkipListSet<>();
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith("READY ")) {
                        ready.complete(line.substring(6).strip());
                    } else if (line.startsWith("FRAME ")) {
                        captureMicros.add(Math.floorDiv(Long.parseLong(line.split(" ")[2]) + 500, 1000L));
                    }
                }
            } catch (Exception e) {
                ready.completeExceptionally(e);
            }
            ready.completeExceptionally(new IllegalStateException("server ended before READY"));
        }, "gst-server-stdout");
        reader.setDaemon(true);
        reader.start();
        try {
            String url = ready.get(30, TimeUnit.SECONDS);
            CliRun r = CliRun.of("sync", "--json", "--packets", "20", "--seconds", "60", url);
            assertEquals(0, r.exitCode(), r::toString);
            int okay = JsonLinesCheck.check(r.out(), 1, 320, 240, 20);
            assertTrue(okay >= 18, () -> "a single camera should be in almost every packet\n" + r);
            Thread.sleep(300); // let the server's stdout catch up with the last frames
            int compared = 0;
            List<String> lines = r.out().lines().toList();
            for (String line : lines) {
                Map<?, ?> o = (Map<?, ?>) JsonCheck.parse(line);
                Map<?, ?> f = (Map<?, ?>) ((List<?>) o.get("frames")).get(0);
                if (!"RTCP_SR".equals(f.get("timestamp_source"))) {
                    continue;
                }
                long ts = ((BigDecimal) f.get("timestamp")).movePointRight(6).longValueExact();
                Long below = captureMicros.floor(ts);
                Long above = captureMicros.ceiling(ts);
                long nearest = Math.min(below == null ? Long.MAX_VALUE : ts - below, above == null ? Long.MAX_VALUE : above - ts);
                assertTrue(nearest <= 50, () -> "timestamp " + ts + " is " + nearest + " us from any capture time\n" + r);
                compared++;
            }
            assertTrue(compared >= 18, () -> "too few RTCP_SR frames compared\n" + r);
        } finally {
            server.getOutputStream().close();
            server.destroy();
            if (!server.waitFor(5, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }
}
