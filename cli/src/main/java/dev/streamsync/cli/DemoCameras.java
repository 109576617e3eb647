package dev.streamsync.cli;

import dev.streamsync.api.Camera;
import dev.streamsync.sim.EncodingMode;
import dev.streamsync.sim.SimulatedCamera;
import io.netty.channel.EventLoopGroup;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The demo's simulated cameras: each with its own network delay, one with a wrong clock. Camera
 * {@code i} uses row {@code i % 4} of the table below.
 *
 * <pre>
 *   camera  send delay  clock offset
 *   0         0 ms         0 ms
 *   1       150 ms         0 ms
 *   2       400 ms         0 ms
 *   3        50 ms      +250 ms   (its sender reports say every frame was captured 250 ms later than it was)
 * </pre>
 * The send delays show that arrival order does not matter: frames are matched by capture time. The
 * clock offset is what a misconfigured camera (or one whose reports carry the send time) does; the
 * demo corrects it with {@link Camera#timestampOffset} unless told not to.
 *
 * <p>Threading: not thread-safe; start and close from one thread. Owns the cameras and their event loop.
 */
final class DemoCameras implements AutoCloseable {
    static final long[] SEND_DELAY_MS = {0, 150, 400, 50};
    static final long[] CLOCK_OFFSET_MS = {0, 0, 0, 250};

    private final EventLoopGroup group = SimulatedCamera.newEventLoopGroup(1);
    private final List<SimulatedCamera> cameras = new ArrayList<>();
    private final int width;
    private final int height;
    private final int fps;
    private final EncodingMode mode;

    DemoCameras(int count, int width, int height, int fps, EncodingMode mode) {
        this.width = width;
        this.height = height;
        this.fps = fps;
        this.mode = mode;
        try {
            for (int i = 0; i < count; i++) {
                SimulatedCamera cam = SimulatedCamera.builder().width(width).height(height).fps(fps).encodingMode(mode)
                        .path("cam" + i).sendDelay(Duration.ofMillis(sendDelayMs(i)))
                        .clockOffset(Duration.ofMillis(clockOffsetMs(i)))
                        .senderReportInterval(Duration.ofSeconds(1)).eventLoopGroup(group).build();
                cameras.add(cam);
                cam.start();
            }
        } catch (RuntimeException e) {
            close();
            throw new CliException("cannot start the simulated cameras: " + e.getMessage(), CliException.EXIT_FAILURE, e);
        }
    }

    static long sendDelayMs(int i) {
        return SEND_DELAY_MS[i % SEND_DELAY_MS.length];
    }

    static long clockOffsetMs(int i) {
        return CLOCK_OFFSET_MS[i % CLOCK_OFFSET_MS.length];
    }

    /** Longest send delay of these cameras, in milliseconds. */
    long maxSendDelayMs() {
        long m = 0;
        for (int i = 0; i < cameras.size(); i++) {
            m = Math.max(m, sendDelayMs(i));
        }
        return m;
    }

    /** The cameras for the synchronizer, named cam0..; with {@code correct}, known clock offsets are compensated. */
    List<Camera> cameras(boolean correct) {
        List<Camera> list = new ArrayList<>();
        for (int i = 0; i < cameras.size(); i++) {
            Camera c = Camera.of(cameras.get(i).url()).name("cam" + i);
            if (correct && clockOffsetMs(i) != 0) {
                c = c.timestampOffset(Duration.ofMillis(-clockOffsetMs(i)));
            }
            list.add(c);
        }
        return list;
    }

    /** Prints one line per camera: URL, delay, clock offset and its correction. */
    void describe(PrintWriter out, boolean correct) {
        out.printf(java.util.Locale.ROOT, "demo: %d simulated cameras, %dx%d at %d fps (%s encoding)%n", cameras.size(), width, height, fps, mode);
        for (int i = 0; i < cameras.size(); i++) {
            long off = clockOffsetMs(i);
            String clock = off == 0 ? "clock right"
                    : String.format(java.util.Locale.ROOT, "clock %+d ms off, %s", off, correct
                    ? String.format(java.util.Locale.ROOT, "corrected with timestampOffset %+d ms", -off) : "NOT corrected (--uncorrected)");
            out.printf(java.util.Locale.ROOT, "  cam%d  %s  send delay %3d ms  %s%n", i, cameras.get(i).url(), sendDelayMs(i), clock);
        }
        out.flush();
    }

    @Override
    public void close() {
        for (SimulatedCamera c : cameras) {
            try {
                c.close();
            } catch (RuntimeException e) {
                // closing the others matters more; the camera logs its own failure
            }
        }
        cameras.clear();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
