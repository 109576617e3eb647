package dev.streamsync.cli;

import dev.streamsync.sim.SimulatedCamera;
import dev.streamsync.sim.picture.CaptureTimeCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code sync --save-frames DIR} against two simulated cameras of different sizes: the files are
 * exactly one PNG per frame of each packet printed, and each holds that frame's picture (the capture
 * time the camera painted into it matches the timestamp printed for it).
 */
class SyncSaveFramesIT {
    private static final int PACKETS = 8;
    /** The accuracy streamsync promises for cameras with honest sender reports (as SynchronizedCamerasIT). */
    private static final long MAX_STAMP_ERROR_MICROS = 2_000;
    /** At 25 fps every frame of a packet is within half an interval (20 ms) of the packet time. */
    private static final long FRAME_INTERVAL_MICROS = 40_000;

    @TempDir
    Path tmp;

    @Test
    void savesOnePngPerFrameOfEveryPacketHoldingThatFramesPicture() throws IOException {
        int[][] sizes = {{320, 180}, {256, 144}};
        try (SimulatedCamera a = camera(sizes[0]); SimulatedCamera b = camera(sizes[1])) {
            a.start();
            b.start();
            Path dir = tmp.resolve("out/frames"); // missing parents are created
            CliRun r = CliRun.of("sync", "--json", "--packets", String.valueOf(PACKETS), "--seconds", "12",
                    "--save-frames", dir.toString(), a.url().toString(), b.url().toString());
            assertEquals(0, r.exitCode(), r::toString);
            List<String> lines = r.out().lines().toList();
            assertEquals(PACKETS, lines.size(), r::toString);

            Set<String> expected = new TreeSet<>();
            int complete = 0;
            for (String line : lines) {
                Map<?, ?> packet = (Map<?, ?>) JsonCheck.parse(line);
                long sequence = ((BigDecimal) packet.get("packet")).longValueExact();
                long[] painted = new long[2];
                int okay = 0;
                for (Object o : (List<?>) packet.get("frames")) {
                    Map<?, ?> f = (Map<?, ?>) o;
                    int camera = ((BigDecimal) f.get("camera")).intValueExact();
                    String name = sequence + "_" + camera + ".png";
                    if (!"FRAME_OKAY".equals(f.get("status"))) {
                        continue; // a camera without a frame in this packet has no file
                    }
                    expected.add(name);
                    BufferedImage img = ImageIO.read(dir.resolve(name).toFile());
                    assertNotNull(img, () -> name + " is not a readable PNG");
                    assertEquals(sizes[camera][0], img.getWidth(), name);
                    assertEquals(sizes[camera][1], img.getHeight(), name);
                    long stampedMicros = ((BigDecimal) f.get("timestamp")).movePointRight(6).longValueExact();
                    painted[camera] = ImageTimeCode.read(img);
                    assertNotEquals(CaptureTimeCode.NOT_FOUND, painted[camera], () -> name + " carries no capture time code\n" + r);
                    long error = painted[camera] - stampedMicros;
                    assertTrue(Math.abs(error) <= MAX_STAMP_ERROR_MICROS,
                            () -> name + ": painted " + painted[camera] + " µs, printed " + stampedMicros + " µs\n" + r);
                    okay++;
                }
                if (okay == 2) {
                    complete++;
                    // The two pictures saved for one packet were captured within the sync tolerance of each other.
                    long apart = Math.abs(painted[0] - painted[1]);
                    assertTrue(apart <= FRAME_INTERVAL_MICROS + 2 * MAX_STAMP_ERROR_MICROS,
                            () -> "packet " + sequence + ": pictures captured " + apart + " µs apart\n" + r);
                }
            }
            assertTrue(complete > 0, () -> "no packet with both cameras\n" + r);
            Set<String> written;
            try (Stream<Path> files = Files.list(dir)) {
                written = files.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
            }
            assertEquals(expected, written);
        }
    }

    private static SimulatedCamera camera(int[] size) {
        return SimulatedCamera.builder().width(size[0]).height(size[1]).fps(25).senderReportInterval(Duration.ofMillis(500)).build();
    }

    @Test
    void aFileWhereTheFolderShouldBeIsAUsageErrorNamingTheOptionBeforeAnyCameraIsContacted() throws Exception {
        Path file = Files.writeString(tmp.resolve("not-a-folder"), "x");
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // A camera that would accept and never answer: reaching it would take the connect/answer timeouts.
            CliRun r = CliRun.of("sync", "--packets", "1", "--save-frames", file.toString(),
                    "rtsp://127.0.0.1:" + silent.getLocalPort() + "/cam");
            assertEquals(CliException.EXIT_USAGE, r.exitCode(), r::toString);
            assertTrue(r.err().contains("--save-frames " + file), r::toString);
            silent.setSoTimeout(1);
            assertThrows(SocketTimeoutException.class, silent::accept, "the camera was never contacted");
        }
    }
}
