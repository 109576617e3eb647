package dev.streamsync.rtsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamsync.failure.FailureKind;
import dev.streamsync.clock.ClockMapping;
import dev.streamsync.clock.TimestampSource;
import dev.streamsync.rtp.AccessUnit;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client's control logic against scripted servers on {@link EmbeddedChannel}s (fixtures in resources). */
class RtspClientTest {

    static final class Recorder implements RtspStreamListener {
        final List<AccessUnit> units = new ArrayList<>();
        final List<ClockMapping> clocks = new ArrayList<>();
        final List<RtspSessionState> states = new ArrayList<>();
        final List<RtspException> errors = new ArrayList<>();
        final List<RtspEndReason> ends = new ArrayList<>();

        @Override
        public void onAccessUnit(RtspStream stream, AccessUnit unit, ClockMapping clock) {
            units.add(new AccessUnit(unit.length()).copyFrom(unit));
            clocks.add(clock);
        }

        @Override
        public void onStateChange(RtspSessionState state) {
            states.add(state);
        }

        @Override
        public void onError(RtspException error) {
            errors.add(error);
        }

        @Override
        public void onEnd(RtspEndReason reason) {
            ends.add(reason);
        }
    }

    final Deque<EmbeddedChannel> channels = new ArrayDeque<>();
    final List<EmbeddedChannel> used = new ArrayList<>();
    final Recorder recorder = new Recorder();
    EmbeddedChannel first;

    RtspClient client(RtspClientConfig config, int connections) {
        for (int i = 0; i < connections; i++) {
            EmbeddedChannel ch = new EmbeddedChannel();
            ch.freezeTime();
            channels.add(ch);
        }
        first = channels.peekFirst();
        return new RtspClient(first.eventLoop(), config, recorder, (loop, init, host, port, timeout) -> {
            EmbeddedChannel ch = channels.removeFirst();
            used.add(ch);
            ch.pipeline().addLast(init);
            return ch.newSucceededFuture();
        });
    }

    @AfterEach
    void releaseEverything() {
        for (EmbeddedChannel ch : used) {
            ch.finishAndReleaseAll();
        }
        for (EmbeddedChannel ch : channels) {
            ch.finishAndReleaseAll();
        }
    }

    static byte[] annexB(int[]... nals) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int[] n : nals) {
            out.writeBytes(new byte[] {0, 0, 0, 1});
            for (int b : n) {
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    static byte[] data(AccessUnit u) {
        return Arrays.copyOf(u.data(), u.length());
    }

    @Test
    void playsHikvisionStyleSessionWithDigestRtcpBeforePlayAnswerAndZeroRtpInfo() throws Exception {
        RtspClient client = client(RtspClientConfig.builder("rtsp://admin:pa55@192.0.2.10:554/Streaming/Channels/101").build(), 1);
        client.start();
        RtspConversation server = new RtspConversation(first);
        server.play(RtspFixture.load("hikvision-digest-tcp.txt"));

        assertTrue(client.start().isDone());
        assertEquals(RtspSessionState.PLAYING, client.state());
        assertEquals(2, recorder.units.size());
        AccessUnit idr = recorder.units.get(0);
        assertTrue(idr.keyframe());
        assertArrayEquals(annexB(new int[] {0x67, 0x42, 0x00, 0x1f, 0x95}, new int[] {0x68, 0xce, 0x3c, 0x80},
                new int[] {0x65, 0x88, 0x84, 0x00, 0x33}), data(idr));
        // The SR (NTP 3900000000.5 s = Unix 1691011200.5 s at RTP 90000) came before the PLAY answer.
        ClockMapping clock = recorder.clocks.get(0);
        assertEquals(TimestampSource.RTCP_SR, clock.source());
        assertEquals(1_691_011_200_500_000L, clock.toUtcMicros(idr.rtpTimestamp()));
        assertEquals(1_691_011_200_533_333L, recorder.clocks.get(1).toUtcMicros(recorder.units.get(1).rtpTimestamp()));
        for (String req : server.requests) {
            assertFalse(req.contains("pa55"), "password on the wire:\n" + req);
        }
        assertFalse(client.toString().contains("pa55"));

        // Keepalive at half the 60 s timeout, with GET_PARAMETER because Public lists it.
        first.advanceTimeBy(30, TimeUnit.SECONDS);
        first.runScheduledPendingTasks();
        server.expect("GET_PARAMETER rtsp://192.0.2.10:554/Streaming/Channels/101/ | Session: 1273222592");
        server.respond("RTSP/1.0 200 OK\r\nCSeq: $\r\nSession: 1273222592\r\n\r\n");
        assertFalse(server.interleavedOut.isEmpty(), "a receiver report went out on the RTCP channel");
        byte[] rr = server.interleavedOut.get(0);
        assertEquals('$', rr[0]);
        assertEquals(1, rr[1]);
        assertEquals((byte) 201, rr[5]);

        client.closeAsync();
        server.expect("TEARDOWN rtsp://192.0.2.10:554/Streaming/Channels/101/ | Session: 1273222592");
        server.respond("RTSP/1.0 200 OK\r\nCSeq: $\r\n\r\n");
        assertEquals(List.of(RtspEndReason.CLOSED), recorder.ends);
        assertTrue(recorder.errors.isEmpty());
        assertFalse(first.isOpen());
        RtspStreamStats stats = client.streams().get(0).stats();
        assertEquals(3, stats.rtpPackets());
        assertEquals(1, stats.senderReports());
        assertEquals(0x12345678L, stats.ssrc());
    }

    @Test
    void toleratesGstreamerStyleQuirksAndAnchorsOnRangeClock() throws Exception {
        RtspClient client = client(RtspClientConfig.builder("rtsp://127.0.0.1:8554/test").build(), 1);
        client.start();
        RtspConversation server = new RtspConversation(first);
        server.play(RtspFixture.load("gstreamer-quirks-tcp.txt"));

        assertEquals(RtspSessionState.PLAYING, client.state());
        assertTrue(recorder.errors.isEmpty(), String.valueOf(recorder.errors));
        // SPS/PPS stamped 0 are carried into the IDR (FU-A with S and E set); missing markers end units.
        assertEquals(2, recorder.units.size());
        assertArrayEquals(annexB(new int[] {0x67, 0x42, 0x00, 0x1f, 0x95}, new int[] {0x68, 0xce, 0x3c, 0x80},
                new int[] {0x65, 0x88, 0x84, 0x00, 0x33, 0x44, 0x55}), data(recorder.units.get(0)));
        assertTrue(recorder.units.get(0).keyframe());
        assertEquals(93_000, recorder.units.get(1).rtpTimestamp());
        ClockMapping clock = recorder.clocks.get(0);
        assertEquals(TimestampSource.RANGE_CLOCK, clock.source());
        assertEquals(1_691_011_200_500_000L, clock.toUtcMicros(90_000));
        // The server's own OPTIONS request was answered with its CSeq.
        String answer = server.nextRequest();
        assertTrue(answer.startsWith("RTSP/1.0 200 OK\r\n") && answer.contains("CSeq: 100"), answer);
        RtspStream stream = client.streams().get(0);
        assertEquals(4, stream.interleavedRtp, "the server's interleaved channels are used");
        assertEquals("rtsp://127.0.0.1:8554/test/stream=0", stream.controlUrl());

        // Keepalive with OPTIONS: this server's Public header did not list GET_PARAMETER.
        first.advanceTimeBy(30, TimeUnit.SECONDS);
        first.runScheduledPendingTasks();
        server.expect("OPTIONS rtsp://127.0.0.1:8554/test/ | Session: GYyDqQSGLUrXOsbL");
        server.respond("RTSP/1.0 200 OK\r\nCSeq: $\r\n\r\n");
    }

    static byte[] frame(int channel, long ssrc, int seq, long ts, boolean marker, int... payload) {
        byte[] f = new byte[4 + 12 + payload.length];
        f[0] = '$';
        f[1] = (byte) channel;
        f[2] = (byte) ((12 + payload.length) >> 8);
        f[3] = (byte) (12 + payload.length);
        f[4] = (byte) 0x80;
        f[5] = (byte) ((marker ? 0x80 : 0) | 96);
        f[6] = (byte) (seq >> 8);
        f[7] = (byte) seq;
        for (int i = 0; i < 4; i++) {
            f[8 + i] = (byte) (ts >> (24 - 8 * i));
            f[12 + i] = (byte) (ssrc >> (24 - 8 * i));
        }
        for (int i = 0; i < payload.length; i++) {
            f[16 + i] = (byte) payload[i];
        }
        return f;
    }

    @Test
    void failsTheStreamWhenAnAccessUnitExceedsTheLimit() {
        RtspClient client = client(RtspClientConfig.builder("rtsp://127.0.0.1:8554/test").maxAccessUnitBytes(4096).build(), 1);
        client.start();
        RtspConversation server = new RtspConversation(first);
        server.play(RtspFixture.load("gstreamer-quirks-tcp.txt"));
        int[] fragment = new int[1402];
        fragment[0] = 0x7c; // FU-A, NRI 3
        fragment[1] = 0x85; // start, IDR
        server.serverSends(frame(4, 0xCAFEBABEL, 6, 200_000, false, fragment));
        fragment[1] = 0x05; // middle
        for (int seq = 7; seq < 12 && recorder.errors.isEmpty(); seq++) {
            server.serverSends(frame(4, 0xCAFEBABEL, seq, 200_000, false, fragment));
        }
        RtspLimitException e = assertInstanceOf(RtspLimitException.class, recorder.errors.get(0));
        assertTrue(e.getMessage().contains("access unit exceeds the limit of 4096 bytes (maxAccessUnitBytes"), e.getMessage());
        assertEquals("maxAccessUnitBytes", e.limitName());
        assertEquals(RtspPhase.PLAYING, e.phase().orElseThrow());
        assertEquals(FailureKind.LIMIT_EXCEEDED, FailureKind.of(e), "an established session broke a limit: not 'not RTSP'");
        assertEquals(List.of(RtspEndReason.FAILED), recorder.ends);
        assertFalse(first.isOpen());
        assertEquals(0, client.openChannelCount());
    }

    @Test
    void startsOverWhenTheSsrcChangesAfterACameraRestart() {
        RtspClient client = client(RtspClientConfig.builder("rtsp://127.0.0.1:8554/test").build(), 1);
        client.start();
        RtspConversation server = new RtspConversation(first);
        server.play(RtspFixture.load("gstreamer-quirks-tcp.txt"));
        int before = recorder.units.size();
        // The camera restarted: new SSRC, new sequence and timestamp bases.
        server.serverSends(frame(4, 0x0BADF00DL, 40000, 5_000_000L, true, 0x65, 0x88, 0x80, 0x10));
        server.serverSends(frame(4, 0x0BADF00DL, 40001, 5_003_000L, true, 0x41, 0x9a, 0x04));
        assertEquals(before + 2, recorder.units.size());
        assertTrue(recorder.units.get(before).lossBefore(), "the first unit after the restart says the decoder lost its references");
        assertEquals(5_000_000L, recorder.units.get(before).rtpTimestamp() & 0xFFFF_FFFFL);
        assertFalse(recorder.clocks.get(before).anchored(), "the old Range anchor belongs to the old source");
        RtspStreamStats stats = client.streams().get(0).stats();
        assertEquals(1, stats.ssrcChanges());
        assertEquals(0x0BADF00DL, stats.ssrc());
        assertTrue(recorder.errors.isEmpty());
    }

    @Test
    void followsRedirectToAnotherServer() {
        RtspClient client = client(RtspClientConfig.builder("rtsp://192.0.2.10/live").build(), 2);
        client.start();
        RtspConversation a = new RtspConversation(first);
        a.expect("OPTIONS rtsp://192.0.2.10/live");
        a.respond("RTSP/1.0 200 OK\r\nCSeq: $\r\n\r\n");
        a.expect("DESCRIBE rtsp://192.0.2.10/live");
        a.respond("RTSP/1.0 302 Moved Temporarily\r\nCSeq: $\r\nLocation: rtsp://192.0.2.20:8554/live2\r\n\r\n");
        assertFalse(first.isOpen());
        RtspConversation b = new RtspConversation(used.get(1));
        used.get(1).runPendingTasks();
        b.expect("OPTIONS rtsp://192.0.2.20:8554/live2");
        assertEquals("rtsp://192.0.2.20:8554/live2", client.url());
        assertTrue(recorder.errors.isEmpty());
    }

    @Test
    void failsWithAuthenticationErrorAfterSecondUnauthorizedWithoutRetryingInALoop() throws Exception {
        RtspClient client = client(RtspClientConfig.builder("rtsp://cam.example/s").credentials("admin", "wrong").build(), 1);
        client.start();
        RtspConversation server = new RtspConversation(first);
        server.expect("OPTIONS rtsp://cam.example/s");
        String challenge = "RTSP/1.0 401 Unauthorized\r\nCSeq: $\r\nWWW-Authenticate: Digest realm=\"r\", nonce=\"n1\", algorithm=MD5, qop=\"auth\"\r\n\r\n";
        server.respond(challenge);
        server.expect("OPTIONS rtsp://cam.example/s | Authorization: Digest username=\"admin\"");
        server.respond(challenge.replace("n1", "n2"));
        assertNull(server.nextRequest(), "no third attempt");
        assertEquals(1, recorder.errors.size());
        RtspAuthenticationException e = assertInstanceOf(RtspAuthenticationException.class, recorder.errors.get(0));
        assertEquals("OPTIONS", e.method());
        assertFalse(e.getMessage().contains("wrong"));
        assertEquals(List.of(RtspEndReason.FAILED), recorder.ends);
        assertTrue(client.start().isCompletedExceptionally());
        assertFalse(first.isOpen());
    }

    @Test
    void retriesWhenTheServerSaysTheNonceIsStale() {
        RtspClient client = client(RtspClientConfig.builder("rtsp://u:p@cam.example/s").build(), 1);
        client.start();
        RtspConversation server = new RtspConversation(first);
        server.expect("OPTIONS rtsp://cam.example/s");
        server.respond("RTSP/1.0 401 Unauthorized\r\nCSeq: $\r\nWWW-Authenticate: Digest realm=\"r\", nonce=\"n1\"\r\n\r\n");
        server.expect("OPTIONS rtsp://cam.example/s | nonce=\"n1\"");
        server.respond("RTSP/1.0 401 Unauthorized\r\nCSeq: $\r\nWWW-Authenticate: Digest realm=\"r\", nonce=\"n2\", stale=true\r\n\r\n");
        server.expect("OPTIONS rtsp://cam.example/s | nonce=\"n2\"");
        server.respond("RTSP/1.0 200 OK\r\nCSeq: $\r\n\r\n");
        server.expect("DESCRIBE rtsp://cam.example/s | nonce=\"n2\"");
        assertTrue(recorder.errors.isEmpty());
    }

    @Test
    void failsWithAuthenticationErrorWhenNoCredentialsAreConfigured() {
        client(RtspClientConfig.builder("rtsp://cam.example/s").build(), 1).start();
        RtspConversation server = new RtspConversation(first);
        server.expect("OPTIONS rtsp://cam.example/s");
        server.respond("RTSP/1.0 401 Unauthorized\r\nCSeq: $\r\nWWW-Authenticate: Basic realm=\"cam\"\r\n\r\n");
        assertInstanceOf(RtspAuthenticationException.class, recorder.errors.get(0));
    }

    @Test
    void reportsSetupErrorWithStatusMethodAndUrlWithoutCredentials() {
        client(RtspClientConfig.builder("rtsp://admin:secret@cam.example/s").build(), 1).start();
        RtspConversation server = new RtspConversation(first);
        server.expect("OPTIONS rtsp://cam.example/s");
        server.respond("RTSP/1.0 200 OK\r\nCSeq: $\r\n\r\n");
        server.expect("DESCRIBE rtsp://cam.example/s");
        String sdp = "m=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=control:trackID=1\r\n";
        server.respond("RTSP/1.0 200 OK\r\nCSeq: $\r\nContent-Type: application/sdp\r\nContent-Length: " + sdp.length() + "\r\n\r\n" + sdp);
        server.expect("SETUP rtsp://cam.example/s/trackID=1");
        server.respond("RTSP/1.0 454 Session Not Found\r\nCSeq: $\r\n\r\n");
        RtspResponseException e = assertInstanceOf(RtspResponseException.class, recorder.errors.get(0));
        assertEquals(454, e.statusCode());
        assertEquals(FailureKind.REQUEST_REFUSED, FailureKind.of(e));
        assertEquals("SETUP", e.method());
        assertEquals("rtsp://cam.example/s/trackID=1", e.url());
        assertFalse(e.getMessage().contains("secret"));
    }

    @Test
    void failsStreamWhenDescribeBodyExceedsTheLimit() {
        client(RtspClientConfig.builder("rtsp://cam.example/s").maxBodyBytes(512).build(), 1).start();
        RtspConversation server = new RtspConversation(first);
        server.expect("OPTIONS rtsp://cam.example/s");
        server.respond("RTSP/1.0 200 OK\r\nCSeq: $\r\n\r\n");
        server.expect("DESCRIBE rtsp://cam.example/s");
        server.respond("RTSP/1.0 200 OK\r\nCSeq: $\r\nContent-Length: 100000\r\n\r\n");
        RtspLimitException e = assertInstanceOf(RtspLimitException.class, recorder.errors.get(0));
        assertTrue(e.getMessage().contains("RTSP body of 100000 bytes exceeds the limit of 512 (maxBodyBytes)"), e.getMessage());
        assertEquals(RtspPhase.NEGOTIATING, e.phase().orElseThrow(), "OPTIONS was answered");
        assertEquals(FailureKind.LIMIT_EXCEEDED, FailureKind.of(e));
        assertFalse(first.isOpen());
    }

    @Test
    void failsStreamWithATypedErrorWhenABodyArrivesLargerThanTheLimit() {
        client(RtspClientConfig.builder("rtsp://cam.example/s").maxBodyBytes(512).build(), 1).start();
        RtspConversation server = new RtspConversation(first);
        server.expect("OPTIONS rtsp://cam.example/s");
        server.respond("RTSP/1.0 200 OK\r\nCSeq: $\r\n\r\n");
        server.expect("DESCRIBE rtsp://cam.example/s");
        server.respond("RTSP/1.0 200 OK\r\nCSeq: $\r\nContent-Length: 600\r\n\r\n" + "v".repeat(600));
        RtspFramingException e = assertInstanceOf(RtspFramingException.class, recorder.errors.get(0));
        assertTrue(e.getMessage().contains("600") || e.getMessage().contains("limit"), e.getMessage());
        assertFalse(first.isOpen());
    }

    @Test
    void failsWithTimeoutWhenTheServerDoesNotAnswer() {
        client(RtspClientConfig.builder("rtsp://cam.example/s").responseTimeoutMillis(2_000).build(), 1).start();
        RtspConversation server = new RtspConversation(first);
        server.expect("OPTIONS rtsp://cam.example/s");
        first.advanceTimeBy(2_001, TimeUnit.MILLISECONDS);
        first.runScheduledPendingTasks();
        RtspTimeoutException e = assertInstanceOf(RtspTimeoutException.class, recorder.errors.get(0));
        assertTrue(e.getMessage().contains("OPTIONS"));
        // Connected, but not one RTSP answer: whatever listens there does not speak RTSP.
        assertEquals(RtspPhase.AWAITING_FIRST_ANSWER, e.phase().orElseThrow());
        assertEquals(FailureKind.NOT_RTSP, FailureKind.of(e));
        assertEquals(List.of(RtspEndReason.FAILED), recorder.ends);
    }

    @Test
    void rejectsDescriptionWithoutSupportedVideo() {
        client(RtspClientConfig.builder("rtsp://cam.example/s").build(), 1).start();
        RtspConversation server = new RtspConversation(first);
        server.expect("OPTIONS rtsp://cam.example/s");
        server.respond("RTSP/1.0 200 OK\r\nCSeq: $\r\n\r\n");
        server.expect("DESCRIBE rtsp://cam.example/s");
        String sdp = "v=0\r\nm=audio 0 RTP/AVP 0\r\n";
        server.respond("RTSP/1.0 200 OK\r\nCSeq: $\r\nContent-Length: " + sdp.length() + "\r\n\r\n" + sdp);
        assertInstanceOf(RtspDescriptionException.class, recorder.errors.get(0));
        assertEquals(FailureKind.UNSUPPORTED_MEDIA, FailureKind.of(recorder.errors.get(0)));
    }

    @Test
    void keepsTheSocketErrorWhenTheConnectionCannotBeMade() throws Exception {
        EmbeddedChannel loop = new EmbeddedChannel();
        used.add(loop);
        java.util.Iterator<Throwable> causes = List.<Throwable>of(new ConnectException("Connection refused: /192.0.2.10:554"),
                new UnknownHostException("cam.invalid"), new io.netty.channel.ConnectTimeoutException("connection timed out")).iterator();
        List<FailureKind> kinds = new ArrayList<>();
        while (causes.hasNext()) {
            Throwable cause = causes.next();
            Recorder rec = new Recorder();
            RtspClient c = new RtspClient(loop.eventLoop(), RtspClientConfig.builder("rtsp://admin:secret@cam.invalid/s").build(), rec,
                    (l, init, host, port, timeout) -> loop.newFailedFuture(cause));
            c.start();
            loop.runPendingTasks();
            RtspException e = rec.errors.get(0);
            assertEquals(RtspPhase.CONNECTING, e.phase().orElseThrow());
            assertFalse(e.getMessage().contains("secret"), e.getMessage());
            if (e instanceof RtspConnectionException) {
                assertEquals(cause, e.getCause(), "the socket error's type is what tells refused from unknown host");
            }
            assertTrue(c.start().isCompletedExceptionally());
            kinds.add(FailureKind.of(e));
        }
        assertEquals(List.of(FailureKind.CONNECTION_REFUSED, FailureKind.UNKNOWN_HOST, FailureKind.UNREACHABLE_OR_TIMEOUT), kinds);
    }

    @Test
    void failsWithAStreamTimeoutWhenRtpStopsWhilePlaying() throws Exception {
        RtspClient client = client(RtspClientConfig.builder("rtsp://127.0.0.1:8554/test").noDataTimeoutMillis(20).build(), 1);
        client.start();
        RtspConversation server = new RtspConversation(first);
        server.play(RtspFixture.load("gstreamer-quirks-tcp.txt"));
        assertEquals(RtspSessionState.PLAYING, client.state());
        // The watchdog measures RTP silence on the loop's ticker, which the embedded channel's frozen
        // time drives: no sleeping. Its 250 ms tick sees the fixture's RTP first, then the silence.
        for (int tick = 0; tick < 3; tick++) {
            first.advanceTimeBy(250, TimeUnit.MILLISECONDS);
            first.runScheduledPendingTasks();
        }
        RtspTimeoutException e = assertInstanceOf(RtspTimeoutException.class, recorder.errors.get(0));
        assertEquals(RtspPhase.PLAYING, e.phase().orElseThrow());
        assertEquals(FailureKind.STREAM_TIMEOUT, FailureKind.of(e));
        assertTrue(e.getMessage().contains("none for 20 ms (noDataTimeoutMillis)"), e.getMessage());
    }

    @Test
    void theConnectionClosingBeforeAnyAnswerIsNotRtspAndAfterAnAnswerIsTheServerEnding() {
        client(RtspClientConfig.builder("rtsp://cam.example/s").build(), 1).start();
        RtspConversation server = new RtspConversation(first);
        server.expect("OPTIONS rtsp://cam.example/s");
        first.close();
        RtspConnectionException before = assertInstanceOf(RtspConnectionException.class, recorder.errors.get(0));
        assertEquals(FailureKind.NOT_RTSP, FailureKind.of(before));

        Recorder second = new Recorder();
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.freezeTime();
        used.add(ch);
        new RtspClient(ch.eventLoop(), RtspClientConfig.builder("rtsp://cam.example/s").build(), second, (loop, init, host, port, timeout) -> {
            ch.pipeline().addLast(init);
            return ch.newSucceededFuture();
        }).start();
        RtspConversation answering = new RtspConversation(ch);
        answering.expect("OPTIONS rtsp://cam.example/s");
        answering.respond("RTSP/1.0 200 OK\r\nCSeq: $\r\n\r\n");
        answering.expect("DESCRIBE rtsp://cam.example/s");
        ch.close();
        RtspConnectionException after = assertInstanceOf(RtspConnectionException.class, second.errors.get(0));
        assertEquals(RtspPhase.NEGOTIATING, after.phase().orElseThrow());
        assertEquals(FailureKind.SERVER_ENDED, FailureKind.of(after));
    }
}
