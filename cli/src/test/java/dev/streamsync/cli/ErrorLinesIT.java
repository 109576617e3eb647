package dev.streamsync.cli;

import dev.streamsync.sim.SimulatedCamera;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The errors a new user meets: each one line on stderr, a non-zero exit, no stack trace, no password. */
class ErrorLinesIT {
    private static String oneLine(CliRun r) {
        assertEquals(1, r.err().lines().count(), () -> "expected one line on stderr\n" + r);
        assertFalse(r.err().contains("\tat "), r::toString);
        return r.err().strip();
    }

    @Test
    void wrongPasswordSaysAuthenticationAndHidesThePassword() {
        try (SimulatedCamera cam = SimulatedCamera.builder().width(320).height(180).credentials("admin", "right-pass").build()) {
            cam.start();
            String url = "rtsp://admin:wrong-pass@127.0.0.1:" + cam.port() + "/cam";
            CliRun r = CliRun.of("sync", "--seconds", "20", url);
            assertEquals(1, r.exitCode(), r::toString);
            String line = oneLine(r);
            assertTrue(line.contains("authentication failed"), line);
            assertFalse((r.out() + r.err()).contains("wrong-pass"), r::toString);
            assertFalse((r.out() + r.err()).contains("right-pass"), r::toString);
        }
    }

    @Test
    void refusedConnectionNamesHostAndPort() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        CliRun r = CliRun.of("sync", "--seconds", "20", "rtsp://127.0.0.1:" + port + "/x");
        assertEquals(1, r.exitCode(), r::toString);
        String line = oneLine(r);
        assertTrue(line.contains("connection refused") && line.contains("127.0.0.1:" + port), line);
    }

    @Test
    void portThatIsNotRtspIsSaidToBeOne() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> answerHttpGarbage(server), "http-garbage");
            t.setDaemon(true);
            t.start();
            CliRun r = CliRun.of("sync", "--seconds", "20", "rtsp://127.0.0.1:" + server.getLocalPort() + "/x");
            assertEquals(1, r.exitCode(), r::toString);
            String line = oneLine(r);
            assertTrue(line.contains("does not answer like an RTSP server"), line);
        }
    }

    @Test
    void codecWeDoNotDecodeIsNamed() throws Exception {
        try (MjpegOnlyRtspServer server = new MjpegOnlyRtspServer()) {
            CliRun r = CliRun.of("sync", "--seconds", "20", server.url());
            assertEquals(1, r.exitCode(), r::toString);
            String line = oneLine(r);
            assertTrue(line.contains("no video track streamsync can decode"), line);
        }
    }

    @Test
    void urlThatIsNotRtspIsAUsageError() {
        CliRun r = CliRun.of("sync", "http://admin:pw123@10.0.0.7/stream");
        assertEquals(2, r.exitCode(), r::toString);
        String line = oneLine(r);
        assertTrue(line.contains("not an RTSP URL"), line);
        assertFalse(line.contains("pw123"), line);
    }

    private static void answerHttpGarbage(ServerSocket server) {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                InputStream in = s.getInputStream();
                in.read(new byte[4096]);
                OutputStream out = s.getOutputStream();
                out.write(("HTTP/1.1 400 Bad Request\r\nServer: nginx\r\nContent-Type: text/html\r\n\r\n"
                        + "<html><body>\u0000\u0001 garbage</body></html>").getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } catch (IOException e) {
                return;
            }
        }
    }
}
