package dev.streamsync.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.streamsync.rtcp.ClockMapping;
import dev.streamsync.rtp.AccessUnit;
import dev.streamsync.rtsp.RtspAuthenticationException;
import dev.streamsync.rtsp.RtspClient;
import dev.streamsync.rtsp.RtspClientConfig;
import dev.streamsync.rtsp.RtspConnectionException;
import dev.streamsync.rtsp.RtspDescriptionException;
import dev.streamsync.rtsp.RtspEndReason;
import dev.streamsync.rtsp.RtspException;
import dev.streamsync.rtsp.RtspFramingException;
import dev.streamsync.rtsp.RtspPhase;
import dev.streamsync.rtsp.RtspResponseException;
import dev.streamsync.rtsp.RtspStream;
import dev.streamsync.rtsp.RtspStreamListener;
import dev.streamsync.rtsp.RtspTimeoutException;
import dev.streamsync.sim.SimulatedCamera;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The one classifier of failures: exception types (with status code and phase) to kinds, never message
 * text. First with exceptions built as the RTSP client builds them, then with the client's own failures
 * against local servers that refuse, answer in HTTP, stay silent, reject credentials or drop the session.
 */
class FailureKindTest {
    private static final String URL = "rtsp://10.0.0.7/stream1";
    private static EventLoopGroup group;

    @BeforeAll
    static void startLoops() {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    }

    @AfterAll
    static void stopLoops() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    // ------------------------------------------------------------------ exception types

    @Test
    void rejectedCredentialsAndForbiddenAreAuthentication() {
        assertEquals(FailureKind.AUTHENTICATION, FailureKind.of(new RtspAuthenticationException("DESCRIBE", URL, 401, "credentials rejected")));
        assertEquals(FailureKind.AUTHENTICATION, FailureKind.of(new RtspResponseException("DESCRIBE", URL, 401, "Unauthorized")));
        assertEquals(FailureKind.AUTHENTICATION, FailureKind.of(new RtspResponseException("PLAY", URL, 403, "Forbidden")));
    }

    @Test
    void notFoundAndGoneAreNotFound() {
        assertEquals(FailureKind.NOT_FOUND, FailureKind.of(new RtspResponseException("DESCRIBE", URL, 404, "Not Found")));
        assertEquals(FailureKind.NOT_FOUND, FailureKind.of(new RtspResponseException("DESCRIBE", URL, 410, "Gone")));
    }

    @Test
    void otherErrorStatusesAreRefusedRequests() {
        for (int status : new int[] {301, 400, 454, 461, 500, 503}) {
            assertEquals(FailureKind.REQUEST_REFUSED, FailureKind.of(new RtspResponseException("SETUP", URL, status, "x")), "status " + status);
        }
    }

    @Test
    void unusableSessionDescriptionIsUnsupportedMedia() {
        assertEquals(FailureKind.UNSUPPORTED_MEDIA,
                FailureKind.of(new RtspDescriptionException("no H.264 or H.265 video track in the session description", URL, null)));
    }

    @Test
    void socketErrorsAreRecognisedByTypeAlsoDeepInACauseChain() {
        assertEquals(FailureKind.CONNECTION_REFUSED, FailureKind.of(new ConnectException("Connection refused")));
        assertEquals(FailureKind.UNKNOWN_HOST, FailureKind.of(new UnknownHostException("cam.invalid")));
        assertEquals(FailureKind.UNREACHABLE_OR_TIMEOUT, FailureKind.of(new NoRouteToHostException("No route to host")));
        // Netty's connect timeout is a ConnectException, but not a refusal.
        assertEquals(FailureKind.UNREACHABLE_OR_TIMEOUT, FailureKind.of(new io.netty.channel.ConnectTimeoutException("timed out")));
        assertEquals(FailureKind.CONNECTION_REFUSED,
                FailureKind.of(new CompletionException(new IOException("wrapped", new ConnectException("Connection refused")))));
    }

    @Test
    void wrappersAreLookedThroughToTheRtspFailure() {
        RtspAuthenticationException auth = new RtspAuthenticationException("OPTIONS", URL, 401, "credentials rejected");
        assertEquals(FailureKind.AUTHENTICATION, FailureKind.of(new CompletionException(new ExecutionException(auth))));
        assertEquals(FailureKind.AUTHENTICATION, FailureKind.of(new RuntimeException("start failed", auth)));
    }

    @Test
    void messageTextIsNeverRead() {
        assertEquals(FailureKind.OTHER, FailureKind.of(new RtspException("401 Unauthorized: connection refused, no codec", URL, null)));
        assertEquals(FailureKind.OTHER, FailureKind.of(new IllegalStateException("Connection refused: unknown host, 404")));
        assertEquals(FailureKind.OTHER, FailureKind.of(new IOException("connection timed out")));
    }

    @Test
    void nothingAndCyclicCauseChainsAreOther() {
        assertEquals(FailureKind.OTHER, FailureKind.of(null));
        Exception a = new Exception("a");
        Exception b = new Exception("b", a);
        a.initCause(b);
        assertEquals(FailureKind.OTHER, FailureKind.of(a));
    }

    @Test
    void failuresWithoutAPhaseAreClassifiedByTypeAlone() {
        // Constructed outside a client (no phase): framing means "not RTSP", a connection failure says what its cause says.
        assertEquals(FailureKind.NOT_RTSP, FailureKind.of(new RtspFramingException("unreadable RTSP response", URL)));
        assertEquals(FailureKind.CONNECTION_REFUSED,
                FailureKind.of(new RtspConnectionException("cannot connect", URL, new ConnectException("Connection refused"))));
        assertEquals(FailureKind.OTHER, FailureKind.of(new RtspConnectionException("connection lost", URL, null)));
        assertEquals(FailureKind.UNREACHABLE_OR_TIMEOUT, FailureKind.of(new RtspTimeoutException("DESCRIBE got no answer", URL)));
    }

    // ------------------------------------------------------------------ CameraFailure

    @Test
    void cameraFailureTakesTheMessageOfTheUnwrappedCause() {
        RtspResponseException notFound = new RtspResponseException("DESCRIBE", URL, 404, "Not Found");
        CameraFailure f = CameraFailure.of(new CompletionException(notFound));
        assertEquals(FailureKind.NOT_FOUND, f.kind());
        assertEquals("DESCRIBE answered 404 Not Found (rtsp://10.0.0.7/stream1)", f.message());
        assertEquals("NoRouteToHostException", CameraFailure.of(new NoRouteToHostException()).message());
        assertEquals(new CameraFailure(FailureKind.OTHER, "OTHER"), CameraFailure.of(null));
    }

    @Test
    void cameraFailureMessagesNeverCarryCredentials() {
        CameraFailure f = new CameraFailure(FailureKind.OTHER,
                "source failed to start: rtsp://admin:s3cret@10.0.0.7/a and rtsps://u:p%40ss@cam:322/b");
        assertEquals("source failed to start: rtsp://10.0.0.7/a and rtsps://cam:322/b", f.message());
        assertThrows(NullPointerException.class, () -> new CameraFailure(null, "x"));
    }

    // ------------------------------------------------------------------ real failures of the client

    @Test
    void aClosedPortIsConnectionRefused() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        RtspException e = failureOf(RtspClientConfig.builder("rtsp://127.0.0.1:" + port + "/x").build());
        assertInstanceOf(RtspConnectionException.class, e);
        assertEquals(RtspPhase.CONNECTING, e.phase().orElseThrow());
        assertInstanceOf(ConnectException.class, e.getCause(), "the socket error stays attached");
        assertEquals(FailureKind.CONNECTION_REFUSED, FailureKind.of(e));
    }

    @Test
    void aNameThatDoesNotResolveIsUnknownHost() throws Exception {
        // .invalid never resolves (RFC 6761 §6.4).
        RtspException e = failureOf(RtspClientConfig.builder("rtsp://streamsync-test.invalid/x").build());
        assertEquals(FailureKind.UNKNOWN_HOST, FailureKind.of(e), e.toString());
    }

    @Test
    void anHttpServerOnThePortIsNotRtsp() throws Exception {
        try (ScriptedServer server = new ScriptedServer(socket -> {
            read(socket);
            write(socket, "HTTP/1.1 400 Bad Request\r\nServer: nginx\r\nContent-Type: text/html\r\n\r\n<html><body>bad</body></html>");
        })) {
            RtspException e = failureOf(RtspClientConfig.builder(server.url()).build());
            assertEquals(RtspPhase.AWAITING_FIRST_ANSWER, e.phase().orElseThrow(), e.toString());
            assertEquals(FailureKind.NOT_RTSP, FailureKind.of(e), e.toString());
        }
    }

    @Test
    void aPortThatAcceptsButNeverAnswersIsNotRtsp() throws Exception {
        try (ScriptedServer server = new ScriptedServer(socket -> {
            read(socket);
            sleep(5_000);
        })) {
            RtspException e = failureOf(RtspClientConfig.builder(server.url()).responseTimeoutMillis(300).build());
            assertInstanceOf(RtspTimeoutException.class, e);
            assertEquals(FailureKind.NOT_RTSP, FailureKind.of(e));
        }
    }

    @Test
    void anRtspServerThatStopsAnsweringIsUnreachableOrTimeoutNotNotRtsp() throws Exception {
        try (ScriptedServer server = new ScriptedServer(socket -> {
            read(socket);
            write(socket, "RTSP/1.0 200 OK\r\nCSeq: 1\r\nPublic: OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN\r\n\r\n");
            read(socket); // DESCRIBE, never answered
            sleep(5_000);
        })) {
            RtspException e = failureOf(RtspClientConfig.builder(server.url()).responseTimeoutMillis(300).build());
            assertInstanceOf(RtspTimeoutException.class, e);
            assertEquals(RtspPhase.NEGOTIATING, e.phase().orElseThrow());
            assertEquals(FailureKind.UNREACHABLE_OR_TIMEOUT, FailureKind.of(e));
        }
    }

    @Test
    void anRtspServerThatClosesAfterAnsweringEndedTheSession() throws Exception {
        try (ScriptedServer server = new ScriptedServer(socket -> {
            read(socket);
            write(socket, "RTSP/1.0 200 OK\r\nCSeq: 1\r\n\r\n");
            read(socket); // DESCRIBE: the connection closes instead
        })) {
            RtspException e = failureOf(RtspClientConfig.builder(server.url()).build());
            assertInstanceOf(RtspConnectionException.class, e);
            assertEquals(FailureKind.SERVER_ENDED, FailureKind.of(e), e.toString());
        }
    }

    @Test
    void aSimulatedCameraSaysAuthenticationNotFoundAndServerEnded() throws Exception {
        try (SimulatedCamera cam = SimulatedCamera.builder().width(160).height(96).credentials("admin", "right-pass").build()) {
            cam.start();
            String hostPort = "127.0.0.1:" + cam.port();

            RtspException auth = failureOf(RtspClientConfig.builder("rtsp://admin:wrong-pass@" + hostPort + "/cam").build());
            assertEquals(FailureKind.AUTHENTICATION, FailureKind.of(auth), auth.toString());
            CameraFailure failure = CameraFailure.of(auth);
            assertFalse(failure.message().contains("wrong-pass"), failure.message());

            RtspException missing = failureOf(RtspClientConfig.builder("rtsp://admin:right-pass@" + hostPort + "/no-such-path").build());
            assertEquals(FailureKind.NOT_FOUND, FailureKind.of(missing), missing.toString());

            // Mid-stream: the camera cuts every connection.
            CompletableFuture<RtspException> error = new CompletableFuture<>();
            CompletableFuture<RtspEndReason> end = new CompletableFuture<>();
            RtspClient client = new RtspClient(group, RtspClientConfig.builder("rtsp://admin:right-pass@" + hostPort + "/cam").build(),
                    new RtspStreamListener() {
                        @Override
                        public void onAccessUnit(RtspStream stream, AccessUnit unit, ClockMapping clock) {
                        }

                        @Override
                        public void onError(RtspException e) {
                            error.complete(e);
                        }

                        @Override
                        public void onEnd(RtspEndReason reason) {
                            end.complete(reason);
                        }
                    });
            try {
                client.start().get(20, TimeUnit.SECONDS);
                cam.disconnect();
                assertEquals(RtspEndReason.FAILED, end.get(10, TimeUnit.SECONDS));
                RtspException cut = error.getNow(null);
                assertEquals(RtspPhase.PLAYING, cut.phase().orElseThrow());
                assertEquals(FailureKind.SERVER_ENDED, FailureKind.of(cut), cut.toString());
            } finally {
                client.close();
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    /** Starts a client with {@code config} and returns the failure its start reported. */
    private static RtspException failureOf(RtspClientConfig config) throws Exception {
        RtspClient client = new RtspClient(group, config, (stream, unit, clock) -> { });
        try {
            client.start().get(30, TimeUnit.SECONDS);
            throw new AssertionError("the session started: " + client);
        } catch (ExecutionException e) {
            return assertInstanceOf(RtspException.class, e.getCause());
        } finally {
            client.close();
        }
    }

    /** A TCP server on 127.0.0.1 that runs a script for each connection, then closes it. */
    private static final class ScriptedServer implements AutoCloseable {
        private final ServerSocket socket;
        private final Thread thread;

        ScriptedServer(Consumer<Socket> script) throws IOException {
            socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
            thread = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (Socket s = socket.accept()) {
                        script.accept(s);
                    } catch (IOException e) {
                        return;
                    } catch (RuntimeException e) {
                        // The client went away mid-script: next connection.
                    }
                }
            }, "scripted-server");
            thread.setDaemon(true);
            thread.start();
        }

        String url() {
            return "rtsp://127.0.0.1:" + socket.getLocalPort() + "/x";
        }

        @Override
        public void close() throws Exception {
            socket.close();
            thread.interrupt();
            thread.join(2_000);
        }
    }

    /** Reads what the client sent so far (one request; requests are small). */
    private static void read(Socket s) {
        try {
            InputStream in = s.getInputStream();
            if (in.read(new byte[8192]) < 0) {
                throw new IllegalStateException("client closed");
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(Socket s, String text) {
        try {
            OutputStream out = s.getOutputStream();
            out.write(text.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
