package dev.streamsync.cli;

import dev.streamsync.sim.EncodingMode;
import dev.streamsync.sim.SimulatedCamera;
import io.netty.channel.EventLoopGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code streamsync sim}: simulated RTSP cameras on 127.0.0.1 for other tools (ffplay, VLC, another
 * streamsync) to connect to. Prints one URL per line, then serves until Ctrl-C or {@code --seconds}.
 */
@Command(name = "sim", description = {"Run simulated RTSP cameras on 127.0.0.1 and print their URLs.",
        "Each frame has its capture time painted into the picture and sent in an SEI; sender reports follow the camera's clock."},
        footer = {"%nExample:", "  streamsync sim --count 2 --port 8554 --user admin --password secret"})
final class SimCommand extends BaseCommand {
    @Option(names = "--count", paramLabel = "N", defaultValue = "1", description = "Number of cameras (default: ${DEFAULT-VALUE}).")
    int count;
    @Option(names = "--width", paramLabel = "PX", defaultValue = "640", description = "Picture width (default: ${DEFAULT-VALUE}).")
    int width;
    @Option(names = "--height", paramLabel = "PX", defaultValue = "360", description = "Picture height (default: ${DEFAULT-VALUE}).")
    int height;
    @Option(names = "--fps", paramLabel = "N", defaultValue = "25", description = "Frames per second (default: ${DEFAULT-VALUE}).")
    int fps;
    @Option(names = "--port", paramLabel = "PORT", defaultValue = "0", description = "Port of camera 0; camera i listens on port+i (default: free ports).")
    int port;
    @Option(names = "--pre-encoded", description = "Replay a pre-encoded loop (less CPU).")
    boolean preEncoded;
    @Option(names = "--clock-offset-ms", paramLabel = "MS", defaultValue = "0", description = "Camera clock minus true time for camera 0 (default: ${DEFAULT-VALUE}).")
    long clockOffsetMs;
    @Option(names = "--clock-offset-step-ms", paramLabel = "MS", defaultValue = "0", description = "Added to the clock offset per camera index (default: ${DEFAULT-VALUE}).")
    long clockOffsetStepMs;
    @Option(names = "--send-delay-ms", paramLabel = "MS", defaultValue = "0", description = "Hold every frame this long before sending (default: ${DEFAULT-VALUE}).")
    long sendDelayMs;
    @Option(names = "--jitter-ms", paramLabel = "MS", defaultValue = "0", description = "Random extra hold per frame, up to this (default: ${DEFAULT-VALUE}).")
    long jitterMs;
    @Option(names = "--loss", paramLabel = "P", defaultValue = "0", description = "Probability that an RTP packet is dropped, 0..1 (default: ${DEFAULT-VALUE}).")
    double loss;
    @Option(names = "--sr-interval-ms", paramLabel = "MS", defaultValue = "2000", description = "Sender report interval; 0 = no sender reports (default: ${DEFAULT-VALUE}).")
    long srIntervalMs;
    @Option(names = "--onvif", description = "Send the ONVIF RTP header extension (NTP time per frame).")
    boolean onvif;
    @Option(names = "--user", paramLabel = "NAME", description = "Require this user (Basic and Digest; default: no authentication).")
    String user;
    @Option(names = "--password", paramLabel = "PASSWORD", description = "Password for --user.", interactive = false)
    String password;
    @Option(names = "--seconds", paramLabel = "N", description = "Stop after N seconds (default: until Ctrl-C).")
    Double seconds;

    @Override
    public Integer call() throws Exception {
        if (count < 1 || count > 64) {
            throw new CliException("--count must be within 1..64, was " + count, CliException.EXIT_USAGE, null);
        }
        Duration runTime = runTime(seconds);
        EventLoopGroup group = SimulatedCamera.newEventLoopGroup(Math.min(4, count));
        List<SimulatedCamera> cameras = new ArrayList<>();
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                closed.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "sim-ctrl-c");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            for (int i = 0; i < count; i++) {
                SimulatedCamera.Builder b;
                try {
                    b = SimulatedCamera.builder().width(width).height(height).fps(fps)
                            .port(port == 0 ? 0 : port + i).path("cam" + i)
                            .encodingMode(preEncoded ? EncodingMode.PRE_ENCODED : EncodingMode.LIVE)
                            .clockOffset(Duration.ofMillis(clockOffsetMs + i * clockOffsetStepMs))
                            .sendDelay(Duration.ofMillis(sendDelayMs)).jitter(Duration.ofMillis(jitterMs))
                            .packetLossProbability(loss).senderReportInterval(Duration.ofMillis(srIntervalMs))
                            .onvifExtension(onvif).eventLoopGroup(group);
                    if (user != null) {
                        b.credentials(user, password == null ? "" : password);
                    }
                } catch (IllegalArgumentException e) {
                    throw new CliException(e.getMessage(), CliException.EXIT_USAGE, e);
                }
                SimulatedCamera cam = b.build();
                cameras.add(cam);
                try {
                    cam.start();
                } catch (RuntimeException e) {
                    throw new CliException("cannot start camera " + i + ": " + e.getMessage(), CliException.EXIT_FAILURE, e);
                }
                out().println(cam.url());
            }
            out().flush();
            if (runTime != null) {
                stop.await(runTime.toNanos(), TimeUnit.NANOSECONDS);
            } else {
                stop.await();
            }
        } finally {
            cameras.forEach(SimulatedCamera::close);
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook waits for 'closed'
            }
            closed.countDown();
        }
        return 0;
    }
}
