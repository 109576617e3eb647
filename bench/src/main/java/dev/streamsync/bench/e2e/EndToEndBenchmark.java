package dev.streamsync.bench.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * End-to-end benchmark against the tools users would pick instead, in one run on the same streams:
 * streamsync (decode only, and with a BGR24 view of every frame), the {@code ffmpeg} command line
 * decoding to null (one process per stream) and JavaCV's {@code FFmpegFrameGrabber} (one thread per
 * camera, BGR24).
 *
 * <p>Cameras: simulated cameras (pre-encoded H.264 loops with a capture-time SEI, honest sender
 * reports; served by a separate JVM) at 1280x720 and 1920x1080, 30 fps, and GStreamer's RTSP server
 * (live x264) at 720p. Each consumer runs alone, one after the other, on the same servers, in its own
 * process (so CPU time, heap and RSS are its own): a warm-up, then a measurement window. CPU =
 * user + system time of the consumer process(es) in the window.
 *
 * <p>Keeping up: for 1920x1080@30 the camera count steps 1, 2, ... up to {@code --max-cameras}; a
 * consumer keeps up with N cameras when it delivers at least 95 % of the frames sent in the window
 * and its p99 latency (where measurable) is under {@value #MAX_P99_MICROS} µs. A consumer that fails
 * at N is not run at larger N.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.streamsync.bench.e2e.EndToEndBenchmark [--warmup-s 6]
 *     [--duration-s 15] [--cameras 2] [--min-cameras 1] [--max-cameras 4] [--sizes 720,1080] [--no-gst]
 *     [--ss-jvm-opts "-XX:..."] [--logs DIR]
 * </pre>
 */
public final class EndToEndBenchmark {
    static final long MAX_P99_MICROS = 1_000_000;
    static final int FPS = 30;

    private final double warmupS;
    private final double durationS;
    private final String jar;
    private final String java;
    private final List<String> ssJvmOpts;
    private final Path logs;
    private final List<String> rows = new ArrayList<>();
    private int runNo;
    private String currentScenario = "";
    private final List<String> threadLines = new ArrayList<>();

    private EndToEndBenchmark(double warmupS, double durationS, List<String> ssJvmOpts, Path logs) {
        this.warmupS = warmupS;
        this.durationS = durationS;
        this.jar = System.getProperty("java.class.path");
        this.java = ProcessHandle.current().info().command().orElse("java");
        this.ssJvmOpts = ssJvmOpts;
        this.logs = logs;
    }

    /** The consumers, in the order they run in each scenario. */
    enum Consumer {
        STREAMSYNC("streamsync (decode)"), STREAMSYNC_BGR("streamsync + BGR24"),
        STREAMSYNC_BGR_NO_MVS("streamsync + BGR24, no motion vectors"), FFMPEG("ffmpeg CLI -f null"),
        JAVACV("JavaCV grabber BGR24");

        final String label;

        Consumer(String label) {
            this.label = label;
        }
    }

    public static void main(String[] args) throws Exception {
        double warmupS = 6;
        double durationS = 15;
        int tableCameras = 2;
        int maxCameras = 4;
        int minCameras = 1;
        boolean gst = true;
        List<String> ssOpts = new ArrayList<>();
        Path logs = Path.of("/tmp/e2e-logs");
        List<Integer> sizes = List.of(720, 1080);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--warmup-s" -> warmupS = Double.parseDouble(args[++i]);
                case "--duration-s" -> durationS = Double.parseDouble(args[++i]);
                case "--cameras" -> tableCameras = Integer.parseInt(args[++i]);
                case "--max-cameras" -> maxCameras = Integer.parseInt(args[++i]);
                case "--min-cameras" -> minCameras = Integer.parseInt(args[++i]);
                case "--no-gst" -> gst = false;
                case "--ss-jvm-opts" -> ssOpts.addAll(Arrays.asList(args[++i].trim().split("\\s+")));
                case "--logs" -> logs = Path.of(args[++i]);
                case "--sizes" -> sizes = Arrays.stream(args[++i].split(",")).map(Integer::valueOf).toList();
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Files.createDirectories(logs);
        EndToEndBenchmark b = new EndToEndBenchmark(warmupS, durationS, ssOpts, logs);
        System.out.printf(Locale.ROOT, "# end-to-end: warm-up %.0f s, window %.0f s per run; %s; load at start: %s%n",
                warmupS, durationS, System.getProperty("java.vm.version"), loadavg());
        System.out.println("| server | size | cams | consumer | CPU %/stream | frames/s/stream | latency p50 / p99 ms"
                + " | camera's own p50 / p99 ms | heap MB | RSS MB | keeps up | load |");
        System.out.println("|---|---|---:|---|---:|---:|---:|---:|---:|---:|---|---|");
        Map<String, Integer> maxKept = new LinkedHashMap<>();
        for (int height : sizes) {
            int width = height == 720 ? 1280 : 1920;
            int cams = height == 1080 ? Math.max(tableCameras, maxCameras) : tableCameras;
            try (CameraServer sim = CameraServer.simulated(b, width, height, cams)) {
                if (height == 1080) {
                    // Keep-up steps for the three that an application would use as they are; streamsync
                    // without the BGR view runs only at the table's camera count (it does less work).
                    List<Consumer> still = new ArrayList<>(List.of(Consumer.STREAMSYNC_BGR, Consumer.FFMPEG, Consumer.JAVACV));
                    for (int n = minCameras; n <= Math.max(maxCameras, tableCameras); n++) {
                        if (n == tableCameras) {
                            b.run("sim", height, sim.urls.subList(0, n), Consumer.STREAMSYNC);
                            b.run("sim", height, sim.urls.subList(0, n), Consumer.STREAMSYNC_BGR_NO_MVS);
                        }
                        for (Consumer c : List.copyOf(still)) {
                            if (n > maxCameras && n != tableCameras) {
                                continue;
                            }
                            boolean kept = b.run("sim", height, sim.urls.subList(0, n), c);
                            if (kept) {
                                maxKept.put(c.label, n);
                            } else {
                                still.remove(c);
                            }
                        }
                    }
                } else {
                    for (Consumer c : Consumer.values()) {
                        b.run("sim", height, sim.urls.subList(0, cams), c);
                    }
                }
            }
        }
        if (gst) {
            try (CameraServer g = CameraServer.gstreamer(b, 1280, 720, 1)) {
                for (Consumer c : Consumer.values()) {
                    b.run("gst", 720, g.urls, c);
                }
            }
        }
        System.out.println();
        System.out.println("streamsync CPU (% of one core, all streams) and heap allocation by thread group, in the window:");
        b.threadLines.forEach(l -> System.out.println("  " + l));
        System.out.println();
        System.out.println("Largest number of 1920x1080@30 cameras kept up with (tried " + minCameras + " to " + maxCameras + "):");
        for (Consumer c : List.of(Consumer.STREAMSYNC_BGR, Consumer.FFMPEG, Consumer.JAVACV)) {
            System.out.println("  " + c.label + ": " + maxKept.getOrDefault(c.label, 0));
        }
        System.out.println("load at end: " + loadavg());
        System.exit(0);
    }

    /** Runs one consumer on {@code urls}, prints its row; returns whether it kept up. */
    private boolean run(String server, int height, List<String> urls, Consumer consumer) throws Exception {
        currentScenario = server + " " + height + "p";
        ClientResult r = switch (consumer) {
            case STREAMSYNC -> jvmClient(StreamsyncClient.class.getName(), urls, ssJvmOpts, List.of());
            case STREAMSYNC_BGR -> jvmClient(StreamsyncClient.class.getName(), urls, ssJvmOpts, List.of("--bgr"));
            case STREAMSYNC_BGR_NO_MVS -> jvmClient(StreamsyncClient.class.getName(), urls, ssJvmOpts, List.of("--bgr", "--no-mvs"));
            case JAVACV -> jvmClient(JavaCvClient.class.getName(), urls, List.of(), List.of());
            case FFMPEG -> ffmpeg(urls);
        };
        String load = loadavg();
        if (r == null) {
            System.out.printf(Locale.ROOT, "| %s | %dp30 | %d | %s | failed (see %s) | | | | | | no | %s |%n",
                    server, height, urls.size(), consumer.label, logs, load);
            return false;
        }
        double expected = (double) FPS * r.seconds() * r.streams();
        boolean kept = r.frames() >= 0.95 * expected && (r.latencyP99Micros() < 0 || r.latencyP99Micros() <= MAX_P99_MICROS);
        String row = String.format(Locale.ROOT, "| %s | %dp30 | %d | %s | %.1f | %.1f | %s | %s | %s | %.0f | %s | %s |",
                server, height, urls.size(), consumer.label, r.cpuPercentPerStream(), r.framesPerSecondPerStream(),
                ms(r.latencyP50Micros(), r.latencyP99Micros()), ms(r.ownP50Micros(), r.ownP99Micros()),
                r.heapMb() < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f", r.heapMb()), r.rssMb(), kept ? "yes" : "no", load);
        System.out.println(row);
        rows.add(row);
        return kept;
    }

    private static String ms(long p50, long p99) {
        return p50 < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f / %.0f", p50 / 1000.0, p99 / 1000.0);
    }

    private ClientResult jvmClient(String mainClass, List<String> urls, List<String> jvmOpts, List<String> extra)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx512m"));
        cmd.addAll(jvmOpts);
        cmd.addAll(List.of("-cp", jar, mainClass, "--warmup-s", Double.toString(warmupS), "--duration-s",
                Double.toString(durationS)));
        cmd.addAll(extra);
        cmd.addAll(urls);
        Path log = logs.resolve(String.format(Locale.ROOT, "run%02d-%s.log", ++runNo, mainClass.substring(mainClass.lastIndexOf('.') + 1)));
        Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
        ClientResult result = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith(ClientResult.PREFIX)) {
                    result = ClientResult.parse(line);
                } else if (line.startsWith("THREADS")) {
                    threadLines.add(String.format(Locale.ROOT, "run%02d %s %d cams %s: %s", runNo, currentScenario, urls.size(),
                            String.join(" ", extra), line.substring("THREADS ".length())));
                }
            }
        }
        if (!p.waitFor((long) (warmupS + durationS + 60), TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return result;
    }

    /** One {@code ffmpeg} per stream, decoding to null; frames counted from {@code -progress}, CPU from /proc. */
    private ClientResult ffmpeg(List<String> urls) throws Exception {
        List<Process> procs = new ArrayList<>();
        List<AtomicLong> counts = new ArrayList<>();
        Path log = logs.resolve(String.format(Locale.ROOT, "run%02d-ffmpeg.log", ++runNo));
        try {
            for (String url : urls) {
                // -fps_mode passthrough: count every decoded frame once (no duplication or dropping
                // for the null muxer's timing); -progress: machine-readable frame counts on stdout.
                Process p = new ProcessBuilder("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error",
                        "-progress", "pipe:1", "-stats_period", "0.5", "-rtsp_transport", "tcp", "-i", url,
                        "-fps_mode", "passthrough", "-f", "null", "-")
                        .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
                AtomicLong frames = new AtomicLong();
                Thread reader = new Thread(() -> readProgress(p.getInputStream(), frames), "ffmpeg-progress");
                reader.setDaemon(true);
                reader.start();
                procs.add(p);
                counts.add(frames);
            }
            Thread.sleep((long) (warmupS * 1000));
            long cpuFrom = 0;
            long framesFrom = 0;
            for (int i = 0; i < procs.size(); i++) {
                cpuFrom += ProcStat.cpuMicros(procs.get(i).pid());
                framesFrom += counts.get(i).get();
            }
            long wallFrom = System.nanoTime();
            Thread.sleep((long) (durationS * 1000));
            long cpuTo = 0;
            long framesTo = 0;
            long rssKb = 0;
            for (int i = 0; i < procs.size(); i++) {
                long cpu = ProcStat.cpuMicros(procs.get(i).pid());
                if (cpu < 0) {
                    return null; // an ffmpeg died
                }
                cpuTo += cpu;
                framesTo += counts.get(i).get();
                rssKb += ProcStat.rssKb(procs.get(i).pid());
            }
            double seconds = (System.nanoTime() - wallFrom) / 1e9;
            // -progress reports every 0.5 s: the frame counts lag by up to that at both ends alike.
            return new ClientResult(urls.size(), seconds, (cpuTo - cpuFrom) / 1e6, framesTo - framesFrom, -1, -1, -1, -1, -1,
                    -1, rssKb / 1024.0);
        } finally {
            for (Process p : procs) {
                p.destroy();
            }
            for (Process p : procs) {
                if (!p.waitFor(3, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }

    private static void readProgress(InputStream in, AtomicLong frames) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("frame=")) {
                    frames.set(Long.parseLong(line.substring(6).trim()));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // process ended
        }
    }

    static String loadavg() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    /** A child process serving cameras; prints their URLs; stopped on close. */
    private static final class CameraServer implements AutoCloseable {
        final Process process;
        final List<String> urls = new ArrayList<>();

        private CameraServer(Process process, int count, String prefix) throws IOException {
            this.process = process;
            BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while (urls.size() < count && (line = r.readLine()) != null) {
                int at = line.indexOf("rtsp://");
                if (line.startsWith(prefix) && at >= 0) {
                    urls.add(line.substring(at).trim());
                }
            }
            if (urls.size() < count) {
                process.destroyForcibly();
                throw new IOException("camera server printed " + urls.size() + " of " + count + " URLs");
            }
        }

        static CameraServer simulated(EndToEndBenchmark b, int width, int height, int count) throws IOException {
            Process p = new ProcessBuilder(b.java, "-Xmx1g", "-cp", b.jar, "dev.streamsync.sim.SimulatedCameraMain",
                    "--count", Integer.toString(count), "--width", Integer.toString(width), "--height", Integer.toString(height),
                    "--fps", Integer.toString(FPS), "--pre-encoded", "--sr-interval-ms", "1000")
                    .redirectError(b.logs.resolve("sim-" + height + "p.log").toFile()).start();
            return new CameraServer(p, count, "rtsp://");
        }

        static CameraServer gstreamer(EndToEndBenchmark b, int width, int height, int count) throws IOException {
            Path script = b.logs.resolve("gst_bench_server.py");
            try (InputStream in = EndToEndBenchmark.class.getResourceAsStream("gst_bench_server.py")) {
                Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
            }
            Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), "--count", Integer.toString(count),
                    "--width", Integer.toString(width), "--height", Integer.toString(height), "--fps", Integer.toString(FPS))
                    .redirectError(b.logs.resolve("gst-" + height + "p.log").toFile()).start();
            return new CameraServer(p, count, "READY ");
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
