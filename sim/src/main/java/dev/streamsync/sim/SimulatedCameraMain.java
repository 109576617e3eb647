package dev.streamsync.sim;

import dev.streamsync.sim.rtsp.AuthScheme;
import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Starts N simulated cameras and prints their URLs, one per line, until the process is killed.
 *
 * <pre>
 * java dev.streamsync.sim.SimulatedCameraMain [--count N] [--width W] [--height H] [--fps F]
 *     [--port FIRST_PORT] [--pre-encoded] [--clock-offset-ms MS] [--clock-offset-step-ms MS]
 *     [--send-delay-ms MS] [--jitter-ms MS] [--loss P] [--sr-interval-ms MS (0 = none)] [--onvif]
 *     [--drift-ppm PPM] [--user U --password P] [--digest-only]
 * </pre>
 * Camera i listens on FIRST_PORT + i (ephemeral if no port is given), path {@code cam<i>}, with clock
 * offset {@code clock-offset-ms + i * clock-offset-step-ms}.
 */
public final class SimulatedCameraMain {

    private SimulatedCameraMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        int count = 1;
        int width = 640;
        int height = 360;
        int fps = 25;
        int port = 0;
        boolean preEncoded = false;
        long offsetMs = 0;
        long offsetStepMs = 0;
        long delayMs = 0;
        long jitterMs = 0;
        double loss = 0;
        long srMs = 2000;
        boolean onvif = false;
        double driftPpm = 0;
        String user = null;
        String password = null;
        boolean digestOnly = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--count" -> count = Integer.parseInt(args[++i]);
                case "--width" -> width = Integer.parseInt(args[++i]);
                case "--height" -> height = Integer.parseInt(args[++i]);
                case "--fps" -> fps = Integer.parseInt(args[++i]);
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--pre-encoded" -> preEncoded = true;
                case "--clock-offset-ms" -> offsetMs = Long.parseLong(args[++i]);
                case "--clock-offset-step-ms" -> offsetStepMs = Long.parseLong(args[++i]);
                case "--send-delay-ms" -> delayMs = Long.parseLong(args[++i]);
                case "--jitter-ms" -> jitterMs = Long.parseLong(args[++i]);
                case "--loss" -> loss = Double.parseDouble(args[++i]);
                case "--sr-interval-ms" -> srMs = Long.parseLong(args[++i]);
                case "--onvif" -> onvif = true;
                case "--drift-ppm" -> driftPpm = Double.parseDouble(args[++i]);
                case "--user" -> user = args[++i];
                case "--password" -> password = args[++i];
                case "--digest-only" -> digestOnly = true;
                case "--help", "-h" -> {
                    System.out.println("options: --count --width --height --fps --port --pre-encoded --clock-offset-ms"
                            + " --clock-offset-step-ms --send-delay-ms --jitter-ms --loss --sr-interval-ms --onvif"
                            + " --drift-ppm --user --password --digest-only");
                    return;
                }
                default -> {
                    System.err.println("unknown option " + a + " (try --help)");
                    System.exit(2);
                }
            }
        }
        EventLoopGroup group = SimulatedCamera.newEventLoopGroup(Math.min(4, Math.max(1, count)));
        List<SimulatedCamera> cameras = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            cameras.forEach(SimulatedCamera::close);
            group.shutdownGracefully();
        }, "sim-shutdown"));
        for (int i = 0; i < count; i++) {
            SimulatedCamera.Builder b = SimulatedCamera.builder().width(width).height(height).fps(fps)
                    .port(port == 0 ? 0 : port + i).path("cam" + i)
                    .encodingMode(preEncoded ? EncodingMode.PRE_ENCODED : EncodingMode.LIVE)
                    .clockOffset(Duration.ofMillis(offsetMs + i * offsetStepMs))
                    .sendDelay(Duration.ofMillis(delayMs)).jitter(Duration.ofMillis(jitterMs))
                    .packetLossProbability(loss).senderReportInterval(Duration.ofMillis(srMs))
                    .onvifExtension(onvif).mediaClockDriftPpm(driftPpm).eventLoopGroup(group);
            if (user != null) {
                b.credentials(user, password == null ? "" : password);
                if (digestOnly) {
                    b.authSchemes(AuthScheme.DIGEST_MD5, AuthScheme.DIGEST_SHA256);
                }
            }
            SimulatedCamera camera = b.build();
            cameras.add(camera);
            try {
                camera.start();
            } catch (RuntimeException e) {
                System.err.println("cannot start camera " + i + ": " + e);
                System.exit(1);
            }
            System.out.println(camera.url());
        }
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
