package dev.streamsync.cli;

import dev.streamsync.api.Camera;
import dev.streamsync.api.FrameData;
import dev.streamsync.api.FramePacket;
import dev.streamsync.api.FrameStatus;
import dev.streamsync.api.StreamSynchronizer;
import dev.streamsync.decode.PixelFormat;
import dev.streamsync.rtcp.TimestampSource;
import dev.streamsync.sim.picture.CaptureTimeCode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code streamsync sim}, run in-process on a thread of its own: the cameras it prints serve real
 * RTSP that the library synchronizes, and the command releases its ports and threads when it ends.
 */
class SimCommandIT {
    private static final long MAX_STAMP_ERROR_MICROS = 2_000;

    @Test
    void printedCamerasStreamFramesStampedFromSenderReportsWithTheirClockOffsets() throws Exception {
        try (Running sim = Running.start(2, "sim", "--count", "2", "--width", "320", "--height", "180", "--fps", "25",
                "--sr-interval-ms", "500", "--clock-offset-ms", "0", "--clock-offset-step-ms", "200")) {
            List<URI> urls = sim.urls();
            assertEquals("/cam0", urls.get(0).getPath());
            assertEquals("/cam1", urls.get(1).getPath());
            long[] checked = new long[2];
            try (StreamSynchronizer sync = StreamSynchronizer.builder().camera(Camera.of(urls.get(0))).camera(Camera.of(urls.get(1)))
                    .maxLatency(Duration.ofMillis(500)).build()) {
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while ((checked[0] < 10 || checked[1] < 10) && System.nanoTime() < deadline) {
                    try (FramePacket p = sync.getFramePacket(Duration.ofSeconds(5))) {
                        for (FrameData f : p) {
                            if (f.status() != FrameStatus.FRAME_OKAY) {
                                continue;
                            }
                            int c = f.cameraIndex();
                            assertEquals(TimestampSource.RTCP_SR, f.timestampSource(), "camera " + c);
                            assertEquals(320, f.width());
                            assertEquals(180, f.height());
                            long painted = CaptureTimeCode.read(f.view(PixelFormat.GRAY8), f.width(), f.height(), f.width());
                            assertNotEquals(CaptureTimeCode.NOT_FOUND, painted, "camera " + c + " has no time code");
                            // Camera i's clock runs i * 200 ms ahead (--clock-offset-step-ms), its sender reports with it.
                            long error = f.captureTimeUtcMicros() - painted - c * 200_000L;
                            assertTrue(Math.abs(error) <= MAX_STAMP_ERROR_MICROS,
                                    "camera " + c + ": stamped " + f.captureTimeUtcMicros() + " µs, painted " + painted + " µs");
                            checked[c]++;
                        }
                    }
                }
            }
            assertTrue(checked[0] >= 10 && checked[1] >= 10, () -> "frames checked: " + checked[0] + ", " + checked[1]);
        }
    }

    @Test
    void interruptingTheCommandClosesItsPortsAndThreads() throws Exception {
        Running sim = Running.start(2, "sim", "--count", "2", "--width", "160", "--height", "96");
        try {
            List<URI> urls = sim.urls();
            List<Thread> threads = sim.simThreads();
            // Two encoder threads and at least one event loop thread (the ports are bound on it).
            assertTrue(threads.stream().filter(t -> t.getName().startsWith("sim-cam")).count() == 2, threads::toString);
            assertTrue(threads.size() >= 3, threads::toString);
            for (URI u : urls) {
                assertTrue(accepts(u.getPort()), "camera listens on " + u);
            }
            // An interrupt ends the command like any exception from it (exit 1, one line on stderr); the
            // ordinary ends are --seconds and Ctrl-C. Either way the cameras are closed first.
            assertEquals(CliException.EXIT_FAILURE, sim.stop(), sim::toString);
            assertReleased(urls, threads);
        } finally {
            sim.close();
        }
    }

    @Test
    void endsAfterSecondsAndReleasesItsPort() throws Exception {
        Running sim = Running.start(1, "sim", "--width", "160", "--height", "96", "--seconds", "0.5");
        try {
            URI url = sim.urls().get(0);
            List<Thread> threads = sim.simThreads();
            assertEquals(0, sim.exit.get(10, TimeUnit.SECONDS), sim::toString);
            assertEquals(1, sim.out.toString().lines().count(), sim::toString);
            assertReleased(List.of(url), threads);
        } finally {
            sim.close();
        }
    }

    @Test
    void cameraIListensOnPortPlusI() throws Exception {
        int port = twoFreePorts();
        try (Running sim = Running.start(2, "sim", "--count", "2", "--width", "160", "--height", "96", "--port", String.valueOf(port))) {
            List<URI> urls = sim.urls();
            assertEquals(URI.create("rtsp://127.0.0.1:" + port + "/cam0"), urls.get(0));
            assertEquals(URI.create("rtsp://127.0.0.1:" + (port + 1) + "/cam1"), urls.get(1));
        }
    }

    @Test
    void badOptionsAreUsageErrors() {
        CliRun count = CliRun.of("sim", "--count", "0");
        assertEquals(CliException.EXIT_USAGE, count.exitCode(), count::toString);
        assertEquals("streamsync: --count must be within 1..64, was 0 (see 'streamsync sim --help')\n", count.err(), count::toString);
        for (String seconds : new String[] {"0", "-5", "NaN"}) {
            CliRun r = CliRun.of("sim", "--seconds", seconds);
            assertEquals(CliException.EXIT_USAGE, r.exitCode(), r::toString);
            assertEquals("streamsync: --seconds must be positive, was " + Double.parseDouble(seconds) + " (see 'streamsync sim --help')\n",
                    r.err(), r::toString);
            assertEquals("", r.out(), "no camera started: " + r);
        }
        CliRun size = CliRun.of("sim", "--width", "0");
        assertEquals(CliException.EXIT_USAGE, size.exitCode(), size::toString);
        assertTrue(size.err().startsWith("streamsync: ") && size.out().isEmpty(), size::toString);
    }

    /** The cameras' ports refuse connections and the command's threads have ended (each given 5 s). */
    private static void assertReleased(List<URI> urls, List<Thread> threads) throws IOException, InterruptedException {
        for (URI u : urls) {
            assertFalse(accepts(u.getPort()), "port still open: " + u);
        }
        for (Thread t : threads) {
            t.join(5_000);
            assertFalse(t.isAlive(), () -> "thread left running: " + t);
        }
    }

    /** Whether something accepts TCP connections on 127.0.0.1:port. */
    static boolean accepts(int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2_000);
            return true;
        } catch (ConnectException refused) {
            return false;
        }
    }

    /** A port p such that p and p + 1 were free a moment ago. */
    private static int twoFreePorts() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (java.net.ServerSocket a = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int p = a.getLocalPort();
                if (p >= 65535) {
                    continue;
                }
                try (java.net.ServerSocket b = new java.net.ServerSocket(p + 1, 1, InetAddress.getLoopbackAddress())) {
                    return p;
                } catch (IOException taken) {
                    // try another
                }
            }
        }
        throw new AssertionError("no two consecutive free ports");
    }

    /** The command running on a thread of its own, its output captured. */
    private static final class Running implements AutoCloseable {
        final AwaitableWriter out = new AwaitableWriter();
        final AwaitableWriter err = new AwaitableWriter();
        final CompletableFuture<Integer> exit = new CompletableFuture<>();
        final Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
        final int cameras;
        final Thread thread;

        private Running(int cameras, String... args) {
            this.cameras = cameras;
            thread = new Thread(() -> {
                try {
                    exit.complete(StreamsyncCommand.newCommandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args));
                } catch (Throwable t) {
                    exit.completeExceptionally(t);
                }
            }, "sim-command-test");
            thread.start();
        }

        static Running start(int cameras, String... args) {
            return new Running(cameras, args);
        }

        /** The URLs printed, one per camera. */
        List<URI> urls() throws InterruptedException {
            List<URI> list = new ArrayList<>();
            for (String line : out.awaitLines(cameras, Duration.ofSeconds(10))) {
                list.add(URI.create(line));
            }
            return list;
        }

        /** Threads the command started: the cameras' encoders and the event loop (call after {@link #urls()}). */
        List<Thread> simThreads() {
            List<Thread> list = new ArrayList<>();
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (!before.contains(t) && t != thread
                        && (t.getName().startsWith("sim-cam") || t.getName().startsWith("multiThreadIoEventLoopGroup-"))) {
                    list.add(t);
                }
            }
            return list;
        }

        /** Interrupts the command (as an embedding application would stop it) and returns its exit code. */
        int stop() throws Exception {
            thread.interrupt();
            return exit.get(10, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws Exception {
            if (!exit.isDone()) {
                stop();
            }
            thread.join(10_000);
        }

        @Override
        public String toString() {
            return "--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }
}
