package dev.streamsync.sim;

import dev.streamsync.sim.rtsp.AuthScheme;
import io.netty.channel.EventLoopGroup;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The simulator's one command line: starts N simulated cameras on 127.0.0.1, prints their URLs one
 * per line, and serves until Ctrl-C or {@code --seconds}. The {@code streamsync sim} subcommand is
 * this command; the benchmarks start it as a process:
 *
 * <pre>
 * java -cp ... dev.streamsync.sim.SimulatedCameraMain --count 4 --pre-encoded --sr-interval-ms 1000
 * </pre>
 * Camera i listens on {@code --port} + i (free ports when not given), path {@code cam<i>}, with clock
 * offset {@code --clock-offset-ms + i * --clock-offset-step-ms}.
 *
 * <p>Usage errors are {@link ParameterException}s thrown from {@link #call()}: picocli's parameter
 * exception handler reports them like parse errors (exit code 2). Output goes to the {@link CommandLine}'s writer, so callers can capture it.
 */
@Command(name = "sim", sortOptions = false,
        description = {"Run simulated RTSP cameras on 127.0.0.1 and print their URLs.",
                "Each frame has its capture time painted into the picture and sent in an SEI; sender reports follow the camera's clock."},
        footer = {"%nExample:", "  streamsync sim --count 2 --port 8554 --user admin --password secret"})
public final class SimulatedCameraMain implements Callable<Integer> {
    /** How long Ctrl-C waits for the cameras to close. */
    private static final Duration CTRL_C_GRACE = Duration.ofSeconds(5);

    @Spec
    CommandSpec spec;

    @Option(names = "--count", paramLabel = "N", defaultValue = "1", description = "Number of cameras, 1..64 (default: ${DEFAULT-VALUE}).")
    int count;
    @Option(names = "--width", paramLabel = "PX", defaultValue = "640", description = "Picture width (default: ${DEFAULT-VALUE}).")
    int width;
    @Option(names = "--height", paramLabel = "PX", defaultValue = "360", description = "Picture height (default: ${DEFAULT-VALUE}).")
    int height;
    @Option(names = "--fps", paramLabel = "N", defaultValue = "25", description = "Frames per second (default: ${DEFAULT-VALUE}).")
    int fps;
    @Option(names = "--port", paramLabel = "PORT", defaultValue = "0",
            description = "Port of camera 0; camera i listens on PORT+i (default: ${DEFAULT-VALUE}, free ports).")
    int port;
    @Option(names = "--pre-encoded", description = "Replay a pre-encoded loop (less CPU).")
    boolean preEncoded;
    @Option(names = "--clock-offset-ms", paramLabel = "MS", defaultValue = "0",
            description = "Camera clock minus true time for camera 0 (default: ${DEFAULT-VALUE}).")
    long clockOffsetMs;
    @Option(names = "--clock-offset-step-ms", paramLabel = "MS", defaultValue = "0",
            description = "Added to the clock offset per camera index (default: ${DEFAULT-VALUE}).")
    long clockOffsetStepMs;
    @Option(names = "--drift-ppm", paramLabel = "PPM", defaultValue = "0",
            description = "Media clock drift against the camera clock, parts per million (default: ${DEFAULT-VALUE}).")
    double driftPpm;
    @Option(names = "--send-delay-ms", paramLabel = "MS", defaultValue = "0",
            description = "Hold every frame this long before sending (default: ${DEFAULT-VALUE}).")
    long sendDelayMs;
    @Option(names = "--jitter-ms", paramLabel = "MS", defaultValue = "0",
            description = "Random extra hold per frame, up to this (default: ${DEFAULT-VALUE}).")
    long jitterMs;
    @Option(names = "--loss", paramLabel = "P", defaultValue = "0",
            description = "Probability that an RTP packet is dropped, 0..1 (default: ${DEFAULT-VALUE}).")
    double loss;
    @Option(names = "--sr-interval-ms", paramLabel = "MS", defaultValue = "2000",
            description = "Sender report interval; 0 = no sender reports (default: ${DEFAULT-VALUE}).")
    long srIntervalMs;
    @Option(names = "--onvif", description = "Send the ONVIF RTP header extension (NTP time per frame).")
    boolean onvif;
    @Option(names = "--user", paramLabel = "NAME", description = "Require this user, Basic or Digest (default: no authentication).")
    String user;
    @Option(names = "--password", paramLabel = "PASSWORD", defaultValue = "", description = "Password for --user (default: empty).")
    String password;
    @Option(names = "--digest-only", description = "With --user: offer Digest (MD5, SHA-256) only, no Basic.")
    boolean digestOnly;
    @Option(names = "--seconds", paramLabel = "N", description = "Stop after N seconds (default: until Ctrl-C).")
    Double seconds;
    @Option(names = "--verbose", description = "Show stack traces and library log messages.")
    boolean verbose;
    // Declared, not mixed in, so that the streamsync CLI can give --version its build version.
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean helpRequested;
    @Option(names = {"-V", "--version"}, versionHelp = true, description = "Print the version and exit.")
    boolean versionRequested;

    /** Whether {@code --verbose} was given (the caller prints stack traces). */
    public boolean verbose() {
        return verbose;
    }

    @Override
    public Integer call() throws Exception {
        if (count < 1 || count > 64) {
            throw new ParameterException(spec.commandLine(), "--count must be within 1..64, was " + count);
        }
        if (seconds != null && !(seconds > 0)) {
            throw new ParameterException(spec.commandLine(), "--seconds must be positive, was " + seconds);
        }
        PrintWriter out = spec.commandLine().getOut();
        EventLoopGroup group = SimulatedCamera.newEventLoopGroup(Math.min(4, count));
        List<SimulatedCamera> cameras = new ArrayList<>();
        CountDownLatch stop = new CountDownLatch(1);
        try (ShutdownHandler ctrlC = ShutdownHandler.install("sim-ctrl-c", stop::countDown, CTRL_C_GRACE)) {
            try {
                for (int i = 0; i < count; i++) {
                    SimulatedCamera cam = build(i, group);
                    cameras.add(cam);
                    try {
                        cam.start();
                    } catch (RuntimeException e) {
                        throw new IllegalStateException("cannot start camera " + i + ": " + e.getMessage(), e);
                    }
                    out.println(cam.url());
                }
                out.flush();
                if (seconds != null) {
                    stop.await((long) (seconds * 1e9), TimeUnit.NANOSECONDS);
                } else {
                    stop.await();
                }
            } finally {
                cameras.forEach(SimulatedCamera::close);
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            }
        }
        return 0;
    }

    private SimulatedCamera build(int i, EventLoopGroup group) {
        try {
            SimulatedCamera.Builder b = SimulatedCamera.builder().width(width).height(height).fps(fps)
                    .port(port == 0 ? 0 : port + i).path("cam" + i)
                    .encodingMode(preEncoded ? EncodingMode.PRE_ENCODED : EncodingMode.LIVE)
                    .clockOffset(Duration.ofMillis(clockOffsetMs + i * clockOffsetStepMs))
                    .sendDelay(Duration.ofMillis(sendDelayMs)).jitter(Duration.ofMillis(jitterMs))
                    .packetLossProbability(loss).senderReportInterval(Duration.ofMillis(srIntervalMs))
                    .onvifExtension(onvif).mediaClockDriftPpm(driftPpm).eventLoopGroup(group);
            if (user != null) {
                b.credentials(user, password);
                if (digestOnly) {
                    b.authSchemes(AuthScheme.DIGEST_MD5, AuthScheme.DIGEST_SHA256);
                }
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    /** Runs the command; exit code 0, 1 on a failure (one line on stderr), 2 on a usage error. */
    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new SimulatedCameraMain());
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("sim: " + ex.getMessage());
            if (((SimulatedCameraMain) commandLine.getCommand()).verbose()) {
                ex.printStackTrace(commandLine.getErr());
            }
            return 1;
        });
        System.exit(cl.execute(args));
    }
}
