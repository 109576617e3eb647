package dev.streamsync.rtsp;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs gst_rtsp_server.py (GStreamer's RTSP server through Debian's python3-gst) as a child process
 * on an ephemeral port (or {@code --port N}) and collects what it prints: the capture time and send
 * time of every frame, its keyframes, the PLAY requests it answered and the sender reports it sent.
 * See the script's docstring for the options (send delay, late first sender report, capture phase,
 * jitter and rate, GOP length, no sprop, shared media); all are off by default.
 *
 * <p>Threading: one reader thread per process fills the collections; the accessors may be called
 * from any thread and return snapshots. Ownership: {@link #close()} ends the process (stdin closed,
 * then SIGTERM, then SIGKILL).
 */
public final class GstRtspServerProcess implements AutoCloseable {
    private static final String PYTHON = "/usr/bin/python3";
    /** RTP clock of H.264 and H.265 video (RFC 6184 §8.2.1, RFC 7798 §7.1). */
    private static final double VIDEO_CLOCK_RATE_HZ = 90_000.0;

    /** One frame as the payloader saw it: its 32-bit RTP time, the capture time encoded and when it was sent. */
    public record Frame(long rtp32, long captureUtcNanos, long sentUtcNanos) {
        public long sendDelayMicros() {
            return (sentUtcNanos - captureUtcNanos) / 1000;
        }
    }

    /** One sender report that left the server: when, and the RTP time / NTP time pair it stated (NTP as Unix ns). */
    public record SenderReport(long sentUtcNanos, long rtp32, long ntpUtcNanos) {
    }

    private final Process process;
    private final CountDownLatch ready = new CountDownLatch(1);
    private final Map<Long, Long> captureUtcNanosByRtp32 = new ConcurrentHashMap<>();
    /** Appended once per frame (thousands per test): a locked list, not a copy-on-write one. */
    private final List<Frame> frames = Collections.synchronizedList(new ArrayList<>());
    private final List<SenderReport> senderReports = new CopyOnWriteArrayList<>();
    private final List<Long> plays = new CopyOnWriteArrayList<>();
    private final List<Long> keyframes = new CopyOnWriteArrayList<>();
    private final List<String> otherLines = new ArrayList<>();
    private volatile String url;

    private GstRtspServerProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(this::readOutput, "gst-rtsp-server-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    public static GstRtspServerProcess start(String... args) throws IOException, InterruptedException {
        File script;
        try {
            script = new File(GstRtspServerProcess.class.getResource("gst_rtsp_server.py").toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        List<String> cmd = new ArrayList<>(List.of(PYTHON, script.getAbsolutePath()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        GstRtspServerProcess p = new GstRtspServerProcess(pb.start());
        if (!p.ready.await(20, TimeUnit.SECONDS) || p.url == null) {
            p.close();
            throw new IOException("GStreamer RTSP server did not get ready: " + p.otherLines());
        }
        return p;
    }

    private void readOutput() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                String[] f = line.split(" ");
                switch (f[0]) {
                    case "FRAME" -> {
                        long rtp32 = Long.parseLong(f[1]);
                        long capture = Long.parseLong(f[2]);
                        captureUtcNanosByRtp32.put(rtp32, capture);
                        frames.add(new Frame(rtp32, capture, f.length > 3 ? Long.parseLong(f[3]) : capture));
                    }
                    case "SR" -> senderReports.add(new SenderReport(Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3])));
                    case "PLAY" -> plays.add(Long.parseLong(f[1]));
                    case "KEY" -> keyframes.add(Long.parseLong(f[1]));
                    case "READY" -> {
                        url = line.substring(6).strip();
                        ready.countDown();
                    }
                    default -> {
                        synchronized (otherLines) {
                            otherLines.add(line);
                        }
                    }
                }
            }
        } catch (IOException e) {
            // process ended
        } finally {
            ready.countDown();
        }
    }

    public String url() {
        return url;
    }

    /** The URL with credentials in it. */
    public String url(String user, String password) {
        return url.replace("rtsp://", "rtsp://" + user + ":" + password + "@");
    }

    /** The TCP port the server listens on (pass it as {@code --port} to restart on the same one). */
    public int port() {
        return URI.create(url).getPort();
    }

    /** Capture time (ns since the Unix epoch) of the frame with this 32-bit RTP timestamp, or null. */
    public Long captureUtcNanos(long rtp32) {
        return captureUtcNanosByRtp32.get(rtp32);
    }

    /** Every frame the payloader sent so far, in order. */
    public List<Frame> frames() {
        synchronized (frames) {
            return List.copyOf(frames);
        }
    }

    /** Every sender report sent so far (those dropped by {@code --first-sr-after-ms} / {@code --drop-first-sr} are not). */
    public List<SenderReport> senderReports() {
        return List.copyOf(senderReports);
    }

    /** Local UTC ns at which each PLAY request was answered. */
    public List<Long> plays() {
        return List.copyOf(plays);
    }

    /** Capture times (UTC ns) of the keyframes the encoder produced. */
    public List<Long> keyframeCaptureUtcNanos() {
        return List.copyOf(keyframes);
    }

    /** Lines the script printed that are none of the above (errors, warnings). */
    public List<String> otherLines() {
        synchronized (otherLines) {
            return List.copyOf(otherLines);
        }
    }

    /**
     * How far a sender report's RTP-to-NTP mapping is from the capture time the server encoded, in µs:
     * the report's NTP time extrapolated to the frame whose RTP time is nearest, minus that frame's
     * capture time. Empty when no frame was printed.
     */
    public OptionalLong senderReportErrorMicros(SenderReport sr) {
        Frame nearest = null;
        long best = Long.MAX_VALUE;
        for (Frame f : frames()) {
            long d = Math.abs((int) (f.rtp32() - sr.rtp32())); // 32-bit wrap: signed difference
            if (d < best) {
                best = d;
                nearest = f;
            }
        }
        if (nearest == null) {
            return OptionalLong.empty();
        }
        double predicted = sr.ntpUtcNanos() + (int) (nearest.rtp32() - sr.rtp32()) * 1e9 / VIDEO_CLOCK_RATE_HZ;
        return OptionalLong.of(Math.round((predicted - nearest.captureUtcNanos()) / 1000.0));
    }

    /**
     * Freezes the server (SIGSTOP): its sockets stay open and the kernel still accepts connections, but
     * nothing is sent or answered, as a hung camera or a stalled relay behaves.
     */
    public void freeze() throws IOException, InterruptedException {
        signal("-STOP");
    }

    /** Lets a {@linkplain #freeze frozen} server run again (SIGCONT). */
    public void resume() throws IOException, InterruptedException {
        signal("-CONT");
    }

    private void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", signal, String.valueOf(process.pid())).inheritIO().start();
        if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill " + signal + " " + process.pid() + " failed");
        }
    }

    /** Kills the server at once (SIGKILL), as a crashing camera would. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        try {
            resume(); // a frozen server would not see its stdin close
        } catch (IOException e) {
            // already gone
        }
        try {
            process.getOutputStream().close(); // the script quits when stdin closes
        } catch (IOException e) {
            // already gone
        }
        if (!process.waitFor(3, TimeUnit.SECONDS)) {
            process.destroy();
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
