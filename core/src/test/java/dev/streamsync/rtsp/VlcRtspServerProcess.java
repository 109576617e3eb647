package dev.streamsync.rtsp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * VLC 3 (Debian {@code vlc-bin}, {@code vlc-plugin-base}) as an RTSP server, fed with live H.264 in
 * MPEG-TS over UDP by FFmpeg ({@code testsrc}, 320x240, 25 fps, GOP 25):
 *
 * <pre>
 *   ffmpeg -re -f lavfi -i testsrc ... -f mpegts udp://127.0.0.1:TS_PORT
 *   cvlc udp://@127.0.0.1:TS_PORT --sout '#rtp{sdp=rtsp://127.0.0.1:RTSP_PORT/cam}'
 * </pre>
 *
 * Quirks of this peer: it serves RTP over UDP only (SETUP with a TCP transport gets 461 Unsupported
 * transport), its sender reports map RTP time to the time it sends (0.5-1.4 s after capture), and
 * its first one comes about 4.5 s after PLAY. VLC refuses to run as root: as root it is started as
 * {@code nobody} through {@code runuser}.
 *
 * <p>Threading: one thread drains each child's output (the last lines are kept for diagnostics).
 * Ownership: {@link #close()} ends both children and their descendants.
 */
public final class VlcRtspServerProcess implements AutoCloseable {
    private static final int KEPT_LINES = 40;

    private final Process ffmpeg;
    private final Process vlc;
    private final String url;
    private final Deque<String> lastLines = new ArrayDeque<>();

    private VlcRtspServerProcess(Process ffmpeg, Process vlc, String url) {
        this.ffmpeg = ffmpeg;
        this.vlc = vlc;
        this.url = url;
        drain(ffmpeg.getInputStream(), "ffmpeg");
        drain(vlc.getInputStream(), "vlc");
    }

    /** Starts FFmpeg and VLC on free ports and returns once VLC's RTSP answers DESCRIBE with a video track. */
    public static VlcRtspServerProcess start() throws IOException, InterruptedException {
        int tsPort;
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            tsPort = s.getLocalPort();
        }
        int rtspPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            rtspPort = s.getLocalPort();
        }
        String url = "rtsp://127.0.0.1:" + rtspPort + "/cam";
        Process ff = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-re",
                "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25", "-pix_fmt", "yuv420p",
                "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "25",
                "-f", "mpegts", "udp://127.0.0.1:" + tsPort + "?pkt_size=1316")
                .redirectErrorStream(true).start();
        List<String> cmd = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            cmd.addAll(List.of("runuser", "-u", "nobody", "--"));
        }
        cmd.addAll(List.of("cvlc", "-q", "--no-audio", "udp://@127.0.0.1:" + tsPort,
                "--sout", "#rtp{sdp=" + url + "}", "--sout-keep"));
        Process v;
        try {
            v = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            stop(ff);
            throw e;
        }
        VlcRtspServerProcess p = new VlcRtspServerProcess(ff, v, url);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String last = "";
        while (System.nanoTime() < deadline) {
            last = RtspDescribe.describe(url);
            if (last.startsWith("RTSP/1.0 200") && last.contains("m=video")) {
                return p;
            }
            if (!v.isAlive() || !ff.isAlive()) {
                break;
            }
            Thread.sleep(200);
        }
        p.close();
        throw new IOException("VLC's RTSP server did not answer DESCRIBE with a video track; last answer: " + last
                + "; output: " + p.lastLines());
    }

    /** VLC's answer to DESCRIBE (headers and SDP), or what went wrong. */
    public String describe() {
        return RtspDescribe.describe(url);
    }

    public String url() {
        return url;
    }

    private void drain(InputStream in, String name) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (lastLines) {
                        lastLines.addLast(name + ": " + line);
                        if (lastLines.size() > KEPT_LINES) {
                            lastLines.removeFirst();
                        }
                    }
                }
            } catch (IOException e) {
                // process ended
            }
        }, "vlc-server-" + name + "-output");
        t.setDaemon(true);
        t.start();
    }

    /** The last lines FFmpeg and VLC printed. */
    public List<String> lastLines() {
        synchronized (lastLines) {
            return List.copyOf(lastLines);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop(vlc);
        stop(ffmpeg);
    }

    /** SIGTERM (runuser passes it on to VLC), then SIGKILL to the process and whatever it started. */
    private static void stop(Process p) throws InterruptedException {
        List<ProcessHandle> children = p.descendants().toList();
        p.destroy();
        if (!p.waitFor(3, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
        }
        for (ProcessHandle c : children) {
            if (c.isAlive()) {
                c.destroyForcibly();
                try {
                    c.onExit().get(5, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    // reported by the caller's leak checks, if it matters
                }
            }
        }
    }
}
