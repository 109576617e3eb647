package dev.streamsync.rtsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamsync.clock.ClockMapping;
import dev.streamsync.rtp.AccessUnit;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A server that accepts UDP in SETUP but never sends a datagram (a firewall in between, as happens
 * in practice): the client must give up on UDP after the fallback timeout and play over TCP.
 * The server is a small scripted RTSP responder on a real socket.
 */
class RtspClientUdpFallbackIT {
    static final String SDP = "v=0\r\ns=fallback\r\nm=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=control:track1\r\n";

    final List<String> transports = new CopyOnWriteArrayList<>();

    @Test
    void fallsBackToTcpWhenNoRtpArrivesOverUdp() throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try (ServerSocket listener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread serverThread = new Thread(() -> serve(listener), "scripted-rtsp-server");
            serverThread.setDaemon(true);
            serverThread.start();
            CountDownLatch units = new CountDownLatch(2);
            RtspClient client = new RtspClient(group, RtspClientConfig.builder("rtsp://127.0.0.1:" + listener.getLocalPort() + "/cam")
                    .transport(RtspTransport.UDP).udpFallbackTimeoutMillis(1_000).build(), new RtspStreamListener() {
                        @Override
                        public void onAccessUnit(RtspStream stream, AccessUnit unit, ClockMapping clock) {
                            units.countDown();
                        }
                    });
            try {
                client.start().get(10, TimeUnit.SECONDS);
                assertTrue(units.await(15, TimeUnit.SECONDS), "units over TCP after the fallback");
                assertEquals(RtspTransport.TCP, client.activeTransport());
                assertTrue(transports.get(0).startsWith("RTP/AVP;unicast;client_port="), transports.toString());
                assertTrue(transports.get(transports.size() - 1).startsWith("RTP/AVP/TCP;unicast;interleaved=0-1"), transports.toString());
            } finally {
                client.close();
            }
            assertEquals(0, client.openChannelCount());
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private void serve(ServerSocket listener) {
        try {
            while (!listener.isClosed()) {
                Socket s = listener.accept();
                Thread t = new Thread(() -> converse(s), "scripted-rtsp-connection");
                t.setDaemon(true);
                t.start();
            }
        } catch (IOException e) {
            // closed
        }
    }

    private void converse(Socket socket) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            boolean tcp = false;
            String request;
            while ((request = readRequest(in)) != null) {
                String method = request.substring(0, request.indexOf(' '));
                String cseq = header(request, "CSeq");
                StringBuilder r = new StringBuilder("RTSP/1.0 200 OK\r\nCSeq: ").append(cseq).append("\r\n");
                switch (method) {
                    case "DESCRIBE" -> r.append("Content-Type: application/sdp\r\nContent-Length: ").append(SDP.length())
                            .append("\r\n\r\n").append(SDP);
                    case "SETUP" -> {
                        String transport = header(request, "Transport");
                        transports.add(transport);
                        tcp = transport.contains("TCP");
                        r.append("Session: 4711;timeout=60\r\nTransport: ")
                                .append(tcp ? "RTP/AVP/TCP;unicast;interleaved=0-1" : transport + ";server_port=9-10").append("\r\n\r\n");
                    }
                    default -> r.append("Session: 4711\r\n\r\n");
                }
                out.write(r.toString().getBytes(StandardCharsets.US_ASCII));
                out.flush();
                if (method.equals("PLAY") && tcp) {
                    for (int i = 0; i < 50; i++) {
                        out.write(rtpFrame(i, 3000L * i, i == 0 ? 0x65 : 0x41));
                    }
                    out.flush();
                }
            }
        } catch (IOException e) {
            // client went away
        }
    }

    private static byte[] rtpFrame(int seq, long ts, int nalHeader) {
        byte[] f = new byte[4 + 12 + 4];
        f[0] = '$';
        f[3] = 16;
        f[4] = (byte) 0x80;
        f[5] = (byte) (0x80 | 96);
        f[6] = (byte) (seq >> 8);
        f[7] = (byte) seq;
        f[8] = (byte) (ts >> 24);
        f[9] = (byte) (ts >> 16);
        f[10] = (byte) (ts >> 8);
        f[11] = (byte) ts;
        f[15] = 1; // SSRC 1
        f[16] = (byte) nalHeader;
        f[17] = (byte) 0x88;
        f[18] = 0x10;
        f[19] = 0x20;
        return f;
    }

    private static String readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            buf.write(b);
            String s = buf.toString(StandardCharsets.US_ASCII);
            if (s.endsWith("\r\n\r\n")) {
                return s;
            }
        }
        return null;
    }

    private static String header(String request, String name) {
        for (String line : request.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                return line.substring(colon + 1).strip();
            }
        }
        return "";
    }
}
