package dev.streamsync.rtsp;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs gst_rtsp_server.py (GStreamer's RTSP server through Debian's python3-gst) as a child process
 * on an ephemeral port and collects the capture time it prints for every frame.
 */
final class GstRtspServerProcess implements AutoCloseable {
    private static final String PYTHON = "/usr/bin/python3";

    private final Process process;
    private final CountDownLatch ready = new CountDownLatch(1);
    private final Map<Long, Long> captureUtcNanosByRtp32 = new ConcurrentHashMap<>();
    private final List<String> otherLines = new ArrayList<>();
    private volatile String url;

    private GstRtspServerProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(this::readOutput, "gst-rtsp-server-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    static GstRtspServerProcess start(String... args) throws IOException, InterruptedException {
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
            throw new IOException("GStreamer RTSP server did not get ready: " + p.otherLines);
        }
        return p;
    }

    private void readOutput() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("FRAME ")) {
                    String[] f = line.split(" ");
                    captureUtcNanosByRtp32.put(Long.parseLong(f[1]), Long.parseLong(f[2]));
                } else if (line.startsWith("READY ")) {
                    url = line.substring(6).strip();
                    ready.countDown();
                } else {
                    synchronized (otherLines) {
                        otherLines.add(line);
                    }
                }
            }
        } catch (IOException e) {
            // process ended
        } finally {
            ready.countDown();
        }
    }

    String url() {
        return url;
    }

    /** The URL with credentials in it. */
    String url(String user, String password) {
        return url.replace("rtsp://", "rtsp://" + user + ":" + password + "@");
    }

    /** Capture time (ns since the Unix epoch) of the frame with this 32-bit RTP timestamp, or null. */
    Long captureUtcNanos(long rtp32) {
        return captureUtcNanosByRtp32.get(rtp32);
    }

    /** Kills the server at once (SIGKILL), as a crashing camera would. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
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
