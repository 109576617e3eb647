package dev.streamsync.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamsync.sim.h264.AnnexB;
import dev.streamsync.sim.h264.CaptureTimeSei;
import dev.streamsync.sim.rtp.RtpWriter;
import io.netty.channel.EventLoopGroup;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Talks RTSP to real simulated cameras over sockets and checks what they send, byte by byte. */
class SimulatedCameraTest {

    private static EventLoopGroup group;

    @BeforeAll
    static void startGroup() {
        group = SimulatedCamera.newEventLoopGroup(1);
    }

    @AfterAll
    static void stopGroup() {
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static SimulatedCamera.Builder small() {
        return SimulatedCamera.builder().width(320).height(240).fps(25).eventLoopGroup(group).seed(7);
    }

    /** A parsed RTP packet. */
    record Rtp(boolean marker, int seq, long timestamp, int ssrc, Long onvifNtp, int onvifFlags, byte[] payload) {
        static Rtp parse(byte[] p) {
            ByteBuffer b = ByteBuffer.wrap(p);
            int first = b.get() & 0xFF;
            assertEquals(2, first >> 6, "RTP version");
            int second = b.get() & 0xFF;
            assertEquals(96, second & 0x7F, "payload type");
            int seq = b.getShort() & 0xFFFF;
            long ts = b.getInt() & 0xFFFF_FFFFL;
            int ssrc = b.getInt();
            Long ntp = null;
            int flags = 0;
            if ((first & 0x10) != 0) {
                assertEquals(0xABAC, b.getShort() & 0xFFFF);
                assertEquals(3, b.getShort());
                ntp = b.getLong();
                flags = b.get() & 0xFF;
                b.get();
                b.getShort();
            }
            byte[] payload = new byte[b.remaining()];
            b.get(payload);
            return new Rtp((second & 0x80) != 0, seq, ts, ssrc, ntp, flags, payload);
        }
    }

    /** Reassembles RFC 6184 single NAL units and FU-A fragments into Annex B access units. */
    static final class Depacketizer {
        final List<byte[]> units = new ArrayList<>();
        final List<Rtp> firstPackets = new ArrayList<>();
        private ByteArrayOutputStream current = new ByteArrayOutputStream();
        private Rtp first;

        void push(Rtp rtp) {
            if (first == null) {
                first = rtp;
            }
            byte[] p = rtp.payload();
            int type = p[0] & 0x1F;
            if (type == 28) {
                if ((p[1] & 0x80) != 0) {
                    current.write(new byte[] {0, 0, 0, 1}, 0, 4);
                    current.write((p[0] & 0xE0) | (p[1] & 0x1F));
                }
                current.write(p, 2, p.length - 2);
            } else {
                current.write(new byte[] {0, 0, 0, 1}, 0, 4);
                current.write(p, 0, p.length);
            }
            if (rtp.marker()) {
                units.add(current.toByteArray());
                firstPackets.add(first);
                current = new ByteArrayOutputStream();
                first = null;
            }
        }
    }

    private static String match(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), () -> "no " + regex + " in " + text);
        return m.group(1);
    }

    private static long ntpToUnixMicros(long ntp) {
        long seconds = (ntp >>> 32) - RtpWriter.NTP_UNIX_OFFSET_SECONDS;
        long fraction = ntp & 0xFFFF_FFFFL;
        return seconds * 1_000_000L + Math.round(fraction * 1e6 / 4294967296.0);
    }

    /** OPTIONS, DESCRIBE, SETUP over TCP and PLAY; returns the PLAY response. */
    private static RtspTestClient.Response playTcp(RtspTestClient client, SimulatedCamera cam) throws IOException {
        String url = cam.url().toString();
        RtspTestClient.Response setup = client.request("SETUP", url + "/trackID=0", "Transport: RTP/AVP/TCP;unicast;interleaved=0-1");
        assertEquals(200, setup.status());
        String session = setup.header("Session").split(";")[0];
        return client.request("PLAY", url + "/", "Session: " + session, "Range: npt=0.000-");
    }

    @Test
    void describeReturnsH264SdpWithParameterSets() throws IOException {
        try (SimulatedCamera cam = small().build()) {
            cam.start();
            try (RtspTestClient client = new RtspTestClient(cam.url())) {
                RtspTestClient.Response options = client.request("OPTIONS", cam.url().toString());
                assertEquals(200, options.status());
                assertTrue(options.header("Public").contains("PLAY"));
                RtspTestClient.Response describe = client.request("DESCRIBE", cam.url().toString(), "Accept: application/sdp");
                assertEquals(200, describe.status());
                assertEquals("application/sdp", describe.header("Content-Type"));
                assertEquals(cam.url() + "/", describe.header("Content-Base"));
                String sdp = describe.body();
                assertTrue(sdp.contains("m=video 0 RTP/AVP 96\r\n"), sdp);
                assertTrue(sdp.contains("a=rtpmap:96 H264/90000\r\n"), sdp);
                assertTrue(sdp.contains("a=control:trackID=0\r\n"), sdp);
                assertTrue(sdp.contains("a=range:npt=0-\r\n"), sdp);
                String profileLevelId = match(sdp, "profile-level-id=([0-9A-F]{6})");
                assertTrue(profileLevelId.startsWith("42"), "baseline profile_idc 66: " + profileLevelId);
                String sprop = match(sdp, "sprop-parameter-sets=([A-Za-z0-9+/=]+,[A-Za-z0-9+/=]+)");
                byte[] sps = java.util.Base64.getDecoder().decode(sprop.split(",")[0]);
                assertEquals(AnnexB.NAL_SPS, sps[0] & 0x1F);
                assertTrue(sdp.contains("packetization-mode=1"));
                assertEquals(404, client.request("DESCRIBE", "rtsp://127.0.0.1:" + cam.port() + "/other").status());
            }
        }
    }

    @Test
    void playOverTcpSendsFramesWhoseTimesMatchSenderReportsAndOnvifExtensionOnTheCameraClock() throws IOException {
        long offsetMicros = 200_000;
        try (SimulatedCamera cam = small().clockOffset(Duration.ofNanos(offsetMicros * 1000)).onvifExtension(true)
                .senderReportInterval(Duration.ofMillis(100)).build()) {
            cam.start();
            try (RtspTestClient client = new RtspTestClient(cam.url())) {
                RtspTestClient.Response play = playTcp(client, cam);
                assertEquals(200, play.status());
                assertEquals("npt=0.000-", play.header("Range"));
                String rtpInfo = play.header("RTP-Info");
                assertTrue(rtpInfo.startsWith("url=" + cam.url() + "/trackID=0;"), rtpInfo);
                int firstSeq = Integer.parseInt(match(rtpInfo, "seq=(\\d+)"));
                match(rtpInfo, "rtptime=(\\d+)");

                Depacketizer depacketizer = new Depacketizer();
                List<long[]> reports = new ArrayList<>(); // {ntp, rtp}
                Integer ssrc = null;
                int expectedSeq = firstSeq;
                while (depacketizer.units.size() < 12 || reports.isEmpty()) {
                    RtspTestClient.Interleaved frame = client.readInterleaved();
                    if (frame.channel() == 0) {
                        Rtp rtp = Rtp.parse(frame.data());
                        assertEquals(expectedSeq, rtp.seq(), "no gaps without a loss fault");
                        expectedSeq = (expectedSeq + 1) & 0xFFFF;
                        ssrc = rtp.ssrc();
                        depacketizer.push(rtp);
                    } else {
                        assertEquals(1, frame.channel());
                        ByteBuffer b = ByteBuffer.wrap(frame.data());
                        assertEquals(200, b.get(1) & 0xFF, "SR first in the compound packet");
                        assertEquals(ssrc, b.getInt(4));
                        reports.add(new long[] {b.getLong(8), b.getInt(16) & 0xFFFF_FFFFL});
                        assertEquals(202, b.get(29) & 0xFF, "then SDES");
                    }
                }
                assertTrue(AnnexB.containsIdr(depacketizer.units.get(0)), "a client starts on an IDR");
                long[] sr = reports.get(reports.size() - 1);
                long srMicros = ntpToUnixMicros(sr[0]);
                long previousCapture = Long.MIN_VALUE;
                for (int i = 0; i < depacketizer.units.size(); i++) {
                    byte[] au = depacketizer.units.get(i);
                    Rtp first = depacketizer.firstPackets.get(i);
                    long capture = CaptureTimeSei.find(au, 0, au.length);
                    assertNotEquals(CaptureTimeSei.NOT_FOUND, capture);
                    assertTrue(capture > previousCapture);
                    previousCapture = capture;
                    // ONVIF: the camera clock's reading at the capture instant, exactly.
                    assertEquals(RtpWriter.ntpFromUnixMicros(capture + offsetMicros), first.onvifNtp());
                    assertEquals(AnnexB.containsIdr(au), (first.onvifFlags() & 0x80) != 0, "C flag on IDRs");
                    assertEquals(i == 0, (first.onvifFlags() & 0x20) != 0, "D flag on the first unit after PLAY");
                    // SR: the same line, extrapolated at 90 kHz, to one tick (plus the microsecond rounding).
                    long rtpDelta = (int) (first.timestamp() - sr[1]);
                    long fromReport = srMicros + Math.round(rtpDelta / 0.09);
                    assertTrue(Math.abs(fromReport - (capture + offsetMicros)) <= 13,
                            "SR maps RTP " + first.timestamp() + " to " + fromReport + ", camera clock says " + (capture + offsetMicros));
                }
            }
        }
    }

    @Test
    void playOverUdpSendsRtpToTheClientPorts() throws IOException {
        try (SimulatedCamera cam = small().build();
                DatagramSocket rtp = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                DatagramSocket rtcp = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            rtp.setSoTimeout(5000);
            rtcp.setSoTimeout(5000);
            cam.start();
            try (RtspTestClient client = new RtspTestClient(cam.url())) {
                String url = cam.url().toString();
                RtspTestClient.Response setup = client.request("SETUP", url + "/trackID=0",
                        "Transport: RTP/AVP;unicast;client_port=" + rtp.getLocalPort() + "-" + rtcp.getLocalPort());
                assertEquals(200, setup.status());
                String transport = setup.header("Transport");
                assertTrue(transport.contains("client_port=" + rtp.getLocalPort() + "-" + rtcp.getLocalPort()), transport);
                match(transport, "server_port=(\\d+-\\d+)");
                assertTrue(setup.header("Session").endsWith(";timeout=60"));
                String session = setup.header("Session").split(";")[0];
                assertEquals(200, client.request("PLAY", url + "/", "Session: " + session).status());
                Depacketizer depacketizer = new Depacketizer();
                byte[] buf = new byte[2048];
                while (depacketizer.units.size() < 3) {
                    DatagramPacket packet = new DatagramPacket(buf, buf.length);
                    rtp.receive(packet);
                    depacketizer.push(Rtp.parse(java.util.Arrays.copyOf(buf, packet.getLength())));
                }
                assertTrue(AnnexB.containsIdr(depacketizer.units.get(0)));
                DatagramPacket report = new DatagramPacket(buf, buf.length);
                rtcp.receive(report);
                assertEquals(200, buf[1] & 0xFF, "sender report on the RTCP port");
                assertEquals(200, client.request("TEARDOWN", url + "/", "Session: " + session).status());
                assertEquals(0, cam.sessionCount());
            }
        }
    }

    @Test
    void cameraWithoutSenderReportsSendsNoRtcp() throws IOException {
        try (SimulatedCamera cam = small().noSenderReports().build()) {
            cam.start();
            try (RtspTestClient client = new RtspTestClient(cam.url())) {
                assertEquals(200, playTcp(client, cam).status());
                for (int i = 0; i < 40; i++) {
                    assertEquals(0, client.readInterleaved().channel(), "only RTP arrives");
                }
                assertEquals(0, cam.stats().senderReportsSent.sum());
            }
        }
    }

    @Test
    void packetLossLeavesSequenceGaps() throws IOException {
        try (SimulatedCamera cam = small().packetLossProbability(0.3).noSenderReports().build()) {
            cam.start();
            try (RtspTestClient client = new RtspTestClient(cam.url())) {
                assertEquals(200, playTcp(client, cam).status());
                int previous = -1;
                int gaps = 0;
                for (int i = 0; i < 40; i++) {
                    int seq = Rtp.parse(client.readInterleaved().data()).seq();
                    if (previous >= 0 && seq != ((previous + 1) & 0xFFFF)) {
                        gaps++;
                    }
                    previous = seq;
                }
                assertTrue(gaps > 0, "30 % loss leaves gaps in 40 packets");
                assertTrue(cam.stats().rtpPacketsDropped.sum() > 0);
            }
        }
    }

    @Test
    void restartKeepsUrlAndStartsNewSsrc() throws IOException {
        try (SimulatedCamera cam = small().build()) {
            cam.start();
            int port = cam.port();
            String firstSsrc;
            try (RtspTestClient client = new RtspTestClient(cam.url())) {
                RtspTestClient.Response setup = client.request("SETUP", cam.url() + "/trackID=0",
                        "Transport: RTP/AVP/TCP;unicast;interleaved=0-1");
                firstSsrc = match(setup.header("Transport"), "ssrc=([0-9A-F]{8})");
                cam.restart();
                assertThrows(IOException.class, () -> client.request("OPTIONS", cam.url().toString()),
                        "the old connection is cut");
            }
            assertEquals(port, cam.port());
            try (RtspTestClient client = new RtspTestClient(cam.url())) {
                RtspTestClient.Response setup = client.request("SETUP", cam.url() + "/trackID=0",
                        "Transport: RTP/AVP/TCP;unicast;interleaved=0-1");
                assertNotEquals(firstSsrc, match(setup.header("Transport"), "ssrc=([0-9A-F]{8})"));
            }
        }
    }

    @Test
    void disconnectCutsClientsButKeepsServing() throws IOException {
        try (SimulatedCamera cam = small().build()) {
            cam.start();
            try (RtspTestClient client = new RtspTestClient(cam.url())) {
                assertEquals(200, playTcp(client, cam).status());
                client.readInterleaved();
                cam.disconnect();
                assertThrows(IOException.class, () -> {
                    while (true) {
                        client.readInterleaved();
                    }
                });
            }
            try (RtspTestClient client = new RtspTestClient(cam.url())) {
                assertEquals(200, client.request("OPTIONS", cam.url().toString()).status());
            }
        }
    }

    @Test
    void authenticatedCameraChallengesWithDigestAndBasic() throws IOException {
        try (SimulatedCamera cam = small().credentials("alice", "secret").build()) {
            cam.start();
            try (RtspTestClient client = new RtspTestClient(cam.url())) {
                assertEquals(200, client.request("OPTIONS", cam.url().toString()).status(), "OPTIONS needs no credentials");
                RtspTestClient.Response describe = client.request("DESCRIBE", cam.url().toString());
                assertEquals(401, describe.status());
                String[] challenges = describe.header("WWW-Authenticate").split("\n");
                assertEquals(3, challenges.length);
                assertTrue(challenges[0].startsWith("Digest ") && challenges[0].contains("algorithm=SHA-256"));
                assertTrue(challenges[1].startsWith("Digest ") && challenges[1].contains("algorithm=MD5"));
                assertTrue(challenges[2].startsWith("Basic "));
                String basic = java.util.Base64.getEncoder().encodeToString("alice:secret".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                assertEquals(200, client.request("DESCRIBE", cam.url().toString(), "Authorization: Basic " + basic).status());
            }
            assertNotNull(cam.urlWithCredentials().getUserInfo());
        }
    }
}
