package dev.streamsync.rtsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamsync.failure.FailureKind;
import dev.streamsync.sdp.SdpParser;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Transport negotiation (AUTO: TCP then UDP on 461; UDP then TCP when no datagram comes), redirect
 * loops, the SDP bounds and the media watchdog, against scripted servers on {@link EmbeddedChannel}s.
 * UDP port pairs are embedded channels too, and time is the embedded loop's frozen ticker: nothing
 * here sleeps or opens a socket.
 */
class RtspClientNegotiationTest {
    static final String ONE_TRACK_SDP = "v=0\r\ns=vlc-like\r\nm=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=control:trackID=0\r\n";

    final Deque<EmbeddedChannel> channels = new ArrayDeque<>();
    final List<EmbeddedChannel> used = new ArrayList<>();
    final List<EmbeddedChannel> udp = new ArrayList<>();
    final RtspClientTest.Recorder recorder = new RtspClientTest.Recorder();
    EmbeddedChannel first;

    RtspClient client(RtspClientConfig config, int connections) {
        for (int i = 0; i < connections; i++) {
            EmbeddedChannel ch = new EmbeddedChannel();
            ch.freezeTime();
            channels.add(ch);
        }
        first = channels.peekFirst();
        UdpPortPair.Binder embeddedUdp = (loop, rtpHandler, rtcpHandler, wanted, callback) -> {
            EmbeddedChannel rtp = new EmbeddedChannel(new ChannelHandler[] {rtpHandler.get()});
            EmbeddedChannel rtcp = new EmbeddedChannel(new ChannelHandler[] {rtcpHandler.get()});
            udp.add(rtp);
            udp.add(rtcp);
            callback.bound(rtp, rtcp, 50_000 + 2 * (udp.size() / 2 - 1));
        };
        return new RtspClient(first.eventLoop(), config, recorder, (loop, init, host, port, timeout) -> {
            EmbeddedChannel ch = channels.removeFirst();
            used.add(ch);
            ch.pipeline().addLast(init);
            return ch.newSucceededFuture();
        }, embeddedUdp);
    }

    @AfterEach
    void releaseEverything() {
        for (EmbeddedChannel ch : used) {
            ch.finishAndReleaseAll();
        }
        for (EmbeddedChannel ch : channels) {
            ch.finishAndReleaseAll();
        }
        for (EmbeddedChannel ch : udp) {
            ch.finishAndReleaseAll();
        }
    }

    static String describeAnswer(String sdp) {
        return "RTSP/1.0 200 OK\r\nCSeq: $\r\nContent-Type: application/sdp\r\nContent-Length: "
                + sdp.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + "\r\n\r\n" + sdp;
    }

    /** OPTIONS and DESCRIBE of {@code url}, answered with {@code sdp}. */
    static void describe(RtspConversation server, String url, String sdp) {
        server.expect("OPTIONS " + url);
        server.respond("RTSP/1.0 200 OK\r\nCSeq: $\r\nPublic: OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN\r\n\r\n");
        server.expect("DESCRIBE " + url);
        server.respond(describeAnswer(sdp));
    }

    /** Advances the client's loop in watchdog-sized steps (the tick is 20 ms over UDP, 250 ms over TCP). */
    void advance(long millis, long stepMillis) {
        for (long t = 0; t < millis; t += stepMillis) {
            first.advanceTimeBy(stepMillis, TimeUnit.MILLISECONDS);
            first.runScheduledPendingTasks();
        }
    }

    @Test
    void autoTransportUsesUdpWhenTheServerAnswersTcpSetupWith461AsVlcDoes() {
        RtspClient client = client(RtspClientConfig.builder("rtsp://192.0.2.30:8554/vlc").build(), 1);
        assertEquals(RtspTransport.AUTO, RtspClientConfig.builder("rtsp://h/x").build().transport(), "AUTO is the default");
        client.start();
        RtspConversation server = new RtspConversation(first);
        describe(server, "rtsp://192.0.2.30:8554/vlc", ONE_TRACK_SDP);
        server.expect("SETUP rtsp://192.0.2.30:8554/vlc/trackID=0 | RTP/AVP/TCP;unicast;interleaved=0-1");
        server.respond("RTSP/1.0 461 Unsupported transport\r\nCSeq: $\r\n\r\n");
        server.expect("SETUP rtsp://192.0.2.30:8554/vlc/trackID=0 | Transport: RTP/AVP;unicast;client_port=50000-50001");
        server.respond("RTSP/1.0 200 OK\r\nCSeq: $\r\nSession: vlc1;timeout=60\r\n"
                + "Transport: RTP/AVP;unicast;client_port=50000-50001;server_port=6000-6001\r\n\r\n");
        server.expect("PLAY rtsp://192.0.2.30:8554/vlc | Session: vlc1");
        server.respond("RTSP/1.0 200 OK\r\nCSeq: $\r\nSession: vlc1\r\n\r\n");
        assertEquals(RtspSessionState.PLAYING, client.state());
        assertEquals(RtspTransport.UDP, client.activeTransport(), "the transport actually used");
        assertEquals(1, used.size(), "the same connection: no reconnect for the 461");

        // RTP over the UDP pair reaches the stream; the watchdog stays quiet while it flows.
        EmbeddedChannel rtp = udp.get(0);
        for (int i = 0; i < 10; i++) {
            byte[] f = RtspClientTest.frame(0, 0x5EED, 100 + i, 9_000L * i, true, 0x65, 0x88, 0x80);
            rtp.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(f, 4, f.length - 4),
                    new InetSocketAddress("127.0.0.1", 50_000), new InetSocketAddress("192.0.2.30", 6000)));
            advance(100, 20);
        }
        assertTrue(recorder.errors.isEmpty(), String.valueOf(recorder.errors));
        assertEquals(10, client.streams().get(0).stats().rtpPackets());
        assertFalse(recorder.units.isEmpty());
    }

    @Test
    void forcedTcpDoesNotSwitchTransportOn461() {
        client(RtspClientConfig.builder("rtsp://192.0.2.30:8554/vlc").transport(RtspTransport.TCP).build(), 1).start();
        RtspConversation server = new RtspConversation(first);
        describe(server, "rtsp://192.0.2.30:8554/vlc", ONE_TRACK_SDP);
        server.expect("SETUP rtsp://192.0.2.30:8554/vlc/trackID=0 | RTP/AVP/TCP");
        server.respond("RTSP/1.0 461 Unsupported transport\r\nCSeq: $\r\n\r\n");
        RtspResponseException e = assertInstanceOf(RtspResponseException.class, recorder.errors.get(0));
        assertEquals(461, e.statusCode());
        assertNull(server.nextRequest());
    }

    @Test
    void fallsBackFromUdpToTcpWhenNoDatagramArrivesWithoutSleeping() {
        RtspClient client = client(RtspClientConfig.builder("rtsp://192.0.2.31/cam").transport(RtspTransport.UDP)
                .udpFallbackTimeoutMillis(3_000).build(), 2);
        client.start();
        RtspConversation a = new RtspConversation(first);
        describe(a, "rtsp://192.0.2.31/cam", ONE_TRACK_SDP);
        a.expect("SETUP rtsp://192.0.2.31/cam/trackID=0 | client_port=50000-50001");
        a.respond("RTSP/1.0 200 OK\r\nCSeq: $\r\nSession: s1\r\nTransport: RTP/AVP;unicast;client_port=50000-50001;server_port=7000-7001\r\n\r\n");
        a.expect("PLAY rtsp://192.0.2.31/cam");
        a.respond("RTSP/1.0 200 OK\r\nCSeq: $\r\nSession: s1\r\n\r\n");
        advance(2_900, 20);
        assertEquals(1, used.size(), "still waiting for UDP before the fallback timeout");
        advance(200, 20);
        assertEquals(2, used.size(), "reconnected after 3 s without a datagram");
        assertEquals(RtspTransport.TCP, client.activeTransport());
        RtspConversation b = new RtspConversation(used.get(1));
        used.get(1).runPendingTasks();
        describe(b, "rtsp://192.0.2.31/cam", ONE_TRACK_SDP);
        b.expect("SETUP rtsp://192.0.2.31/cam/trackID=0 | RTP/AVP/TCP;unicast;interleaved=0-1");
        assertTrue(recorder.errors.isEmpty(), String.valueOf(recorder.errors));
    }

    @Test
    void aRedirectToItselfEndsTheAttemptAfterOneConnection() {
        client(RtspClientConfig.builder("rtsp://192.0.2.10/live").build(), 4).start();
        RtspConversation a = new RtspConversation(first);
        a.expect("OPTIONS rtsp://192.0.2.10/live");
        a.respond("RTSP/1.0 200 OK\r\nCSeq: $\r\n\r\n");
        a.expect("DESCRIBE rtsp://192.0.2.10/live");
        a.respond("RTSP/1.0 302 Found\r\nCSeq: $\r\nLocation: rtsp://192.0.2.10/live\r\n\r\n");
        assertEquals(1, used.size(), "no second connection to the same URL (maxRedirects 3 used to open 4)");
        RtspResponseException e = assertInstanceOf(RtspResponseException.class, recorder.errors.get(0));
        assertTrue(e.getMessage().contains("redirect loop"), e.getMessage());
        assertEquals(FailureKind.REQUEST_REFUSED, FailureKind.of(e));
        assertEquals(List.of(RtspEndReason.FAILED), recorder.ends);
    }

    @Test
    void aRedirectLoopThroughAnotherServerEndsAtTheSecondVisit() {
        client(RtspClientConfig.builder("rtsp://192.0.2.10/live").build(), 4).start();
        RtspConversation a = new RtspConversation(first);
        a.expect("OPTIONS rtsp://192.0.2.10/live");
        a.respond("RTSP/1.0 302 Found\r\nCSeq: $\r\nLocation: rtsp://user:pw@192.0.2.20/other\r\n\r\n");
        RtspConversation b = new RtspConversation(used.get(1));
        used.get(1).runPendingTasks();
        b.expect("OPTIONS rtsp://192.0.2.20/other");
        b.respond("RTSP/1.0 301 Moved\r\nCSeq: $\r\nLocation: rtsp://192.0.2.10/live\r\n\r\n");
        assertEquals(2, used.size());
        RtspResponseException e = assertInstanceOf(RtspResponseException.class, recorder.errors.get(0));
        assertTrue(e.getMessage().contains("redirect loop: rtsp://192.0.2.10/live"), e.getMessage());
        assertFalse(e.getMessage().contains("pw"), e.getMessage());
    }

    static String manyTracksSdp(int tracks) {
        StringBuilder sdp = new StringBuilder("v=0\r\ns=many\r\n");
        for (int i = 0; i < tracks; i++) {
            sdp.append("m=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=control:t").append(i).append("\r\n");
        }
        return sdp.toString();
    }

    @Test
    void aSessionDescriptionListingAThousandTracksFailsNamingTheLimitAndSetsUpNothing() {
        String sdp = manyTracksSdp(1_000);
        assertTrue(sdp.length() > 50_000 && sdp.length() < RtspClientConfig.DEFAULT_MAX_BODY_BYTES, "a 62 KB-class body");
        RtspClient client = client(RtspClientConfig.builder("rtsp://192.0.2.40/many").build(), 1);
        client.start();
        RtspConversation server = new RtspConversation(first);
        describe(server, "rtsp://192.0.2.40/many", sdp);
        RtspLimitException e = assertInstanceOf(RtspLimitException.class, recorder.errors.get(0));
        assertEquals("MAX_MEDIA_SECTIONS", e.limitName());
        assertEquals(SdpParser.MAX_MEDIA_SECTIONS, e.limit());
        assertTrue(e.getMessage().contains("more than " + SdpParser.MAX_MEDIA_SECTIONS + " media sections"), e.getMessage());
        assertEquals(FailureKind.LIMIT_EXCEEDED, FailureKind.of(e));
        assertTrue(client.streams().isEmpty(), "no stream, no buffer");
        assertNull(server.nextRequest(), "no SETUP");
    }

    private static long allocatedBytesOfThisThread() {
        return ((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean())
                .getCurrentThreadAllocatedBytes();
    }

    @Test
    void describingAThousandTrackSessionCostsAFewMegabytesAtMost() {
        // Everything runs on this thread (the embedded loop): what it allocates is what the description cost.
        String sdp = manyTracksSdp(1_000);
        RtspClient client = client(RtspClientConfig.builder("rtsp://192.0.2.40/many").build(), 1);
        client.start();
        RtspConversation server = new RtspConversation(first);
        server.expect("OPTIONS rtsp://192.0.2.40/many");
        server.respond("RTSP/1.0 200 OK\r\nCSeq: $\r\n\r\n");
        server.expect("DESCRIBE rtsp://192.0.2.40/many");
        String answer = describeAnswer(sdp).replace("CSeq: $", "CSeq: " + server.lastCseq);
        byte[] wire = answer.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        long before = allocatedBytesOfThisThread();
        server.serverSends(wire);
        long allocated = allocatedBytesOfThisThread() - before;
        assertInstanceOf(RtspLimitException.class, recorder.errors.get(0));
        System.out.println("a 1,000-track DESCRIBE answer (" + wire.length + " bytes) allocated " + allocated + " bytes");
        // Before: two 256 KiB access-unit buffers per listed track, 512 MB for this description.
        assertTrue(allocated < 8L * 1024 * 1024, "allocated " + allocated + " bytes");
    }

    @Test
    void settingUpTheMostTracksParsedCostsAFewMegabytesAtMost() {
        RtspClient client = client(RtspClientConfig.builder("rtsp://192.0.2.40/many").build(), 1);
        client.start();
        RtspConversation server = new RtspConversation(first);
        long before = allocatedBytesOfThisThread();
        describe(server, "rtsp://192.0.2.40/many", manyTracksSdp(SdpParser.MAX_MEDIA_SECTIONS));
        for (int i = 0; i < RtspClientConfig.DEFAULT_MAX_VIDEO_TRACKS; i++) {
            server.expect("SETUP rtsp://192.0.2.40/many/t" + i);
            server.respond("RTSP/1.0 200 OK\r\nCSeq: $\r\nSession: m1\r\nTransport: RTP/AVP/TCP;unicast;interleaved="
                    + 2 * i + "-" + (2 * i + 1) + "\r\n\r\n");
        }
        server.expect("PLAY rtsp://192.0.2.40/many");
        server.respond("RTSP/1.0 200 OK\r\nCSeq: $\r\nSession: m1\r\n\r\n");
        long allocated = allocatedBytesOfThisThread() - before;
        System.out.println("negotiating " + SdpParser.MAX_MEDIA_SECTIONS + " listed tracks allocated " + allocated + " bytes");
        assertEquals(RtspSessionState.PLAYING, client.state());
        assertTrue(allocated < 8L * 1024 * 1024, "allocated " + allocated + " bytes");
    }

    @Test
    void onlyTheTracksSetUpGetStreamsAndBuffersComeWithTheirFirstPacket() {
        RtspClient client = client(RtspClientConfig.builder("rtsp://192.0.2.40/many").build(), 1);
        client.start();
        RtspConversation server = new RtspConversation(first);
        describe(server, "rtsp://192.0.2.40/many", manyTracksSdp(SdpParser.MAX_MEDIA_SECTIONS));
        for (int i = 0; i < RtspClientConfig.DEFAULT_MAX_VIDEO_TRACKS; i++) {
            server.expect("SETUP rtsp://192.0.2.40/many/t" + i + " | interleaved=" + 2 * i + "-" + (2 * i + 1));
            server.respond("RTSP/1.0 200 OK\r\nCSeq: $\r\nSession: m1\r\nTransport: RTP/AVP/TCP;unicast;interleaved="
                    + 2 * i + "-" + (2 * i + 1) + "\r\n\r\n");
        }
        server.expect("PLAY rtsp://192.0.2.40/many");
        server.respond("RTSP/1.0 200 OK\r\nCSeq: $\r\nSession: m1\r\n\r\n");
        assertEquals(RtspClientConfig.DEFAULT_MAX_VIDEO_TRACKS, client.streams().size(), "of " + SdpParser.MAX_MEDIA_SECTIONS + " listed");
        for (RtspStream s : client.streams()) {
            assertFalse(s.buffersAllocated(), "no access-unit buffer before the track's first packet");
        }
        server.serverSends(RtspClientTest.frame(2, 0xABCD, 1, 90_000, true, 0x65, 0x88, 0x80));
        assertTrue(client.streams().get(1).buffersAllocated(), "the track that sent media");
        assertFalse(client.streams().get(0).buffersAllocated());
        assertFalse(client.streams().get(2).buffersAllocated());
        assertEquals(1, recorder.units.size());
    }

    /** The GStreamer fixture's session (interleaved channel 4, SSRC CAFEBABE), playing. */
    RtspClient playingGstreamerSession(RtspClientConfig config) {
        RtspClient client = client(config, 1);
        client.start();
        new RtspConversation(first).play(RtspFixture.load("gstreamer-quirks-tcp.txt"));
        assertEquals(RtspSessionState.PLAYING, client.state());
        return client;
    }

    @Test
    void aStreamThatStallsAfterStreamingWithItsConnectionOpenFailsAfterTheNoDataTimeout() {
        playingGstreamerSession(RtspClientConfig.builder("rtsp://127.0.0.1:8554/test").build());
        RtspConversation server = new RtspConversation(first);
        // 4 s of 25 fps video, 250 ms of (frozen) time per watchdog tick.
        for (int i = 0; i < 100; i++) {
            server.serverSends(RtspClientTest.frame(4, 0xCAFEBABEL, 6 + i, 200_000L + 3_600L * i, true, 0x41, 0x9a, i));
            first.advanceTimeBy(40, TimeUnit.MILLISECONDS);
            first.runScheduledPendingTasks();
        }
        assertTrue(recorder.errors.isEmpty(), String.valueOf(recorder.errors));
        // Silence with the connection open: keepalives are answered, no RTP comes.
        advance(9_500, 250);
        assertTrue(recorder.errors.isEmpty(), "not before noDataTimeoutMillis (10 s): " + recorder.errors);
        advance(1_000, 250);
        RtspTimeoutException e = assertInstanceOf(RtspTimeoutException.class, recorder.errors.get(0));
        assertTrue(e.getMessage().contains("RTP stopped after"), e.getMessage());
        assertTrue(e.getMessage().contains("none for 10000 ms (noDataTimeoutMillis)"), e.getMessage());
        assertEquals(FailureKind.STREAM_TIMEOUT, FailureKind.of(e));
        assertEquals(List.of(RtspEndReason.FAILED), recorder.ends);
        assertFalse(first.isOpen());
    }

    @Test
    void noRtpAfterPlayFailsAfterTheNoDataTimeoutNamingIt() {
        RtspClient client = client(RtspClientConfig.builder("rtsp://192.0.2.50/quiet").noDataTimeoutMillis(5_000).build(), 1);
        client.start();
        RtspConversation server = new RtspConversation(first);
        describe(server, "rtsp://192.0.2.50/quiet", ONE_TRACK_SDP);
        server.expect("SETUP rtsp://192.0.2.50/quiet/trackID=0");
        server.respond("RTSP/1.0 200 OK\r\nCSeq: $\r\nSession: q\r\nTransport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n\r\n");
        server.expect("PLAY rtsp://192.0.2.50/quiet");
        server.respond("RTSP/1.0 200 OK\r\nCSeq: $\r\nSession: q\r\n\r\n");
        advance(4_750, 250);
        assertTrue(recorder.errors.isEmpty());
        advance(500, 250);
        RtspTimeoutException e = assertInstanceOf(RtspTimeoutException.class, recorder.errors.get(0));
        assertTrue(e.getMessage().contains("no RTP within 5000 ms after PLAY (noDataTimeoutMillis); transport TCP"), e.getMessage());
        assertEquals(FailureKind.STREAM_TIMEOUT, FailureKind.of(e));
    }
}
