package dev.streamsync.source;

import dev.streamsync.sim.encode.FrameSource;
import dev.streamsync.sim.encode.PreEncodedLoop;
import dev.streamsync.sim.h264.H264Packetizer;
import dev.streamsync.sim.rtp.RtpWriter;
import dev.streamsync.sim.rtsp.SdpWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process RTSP server (plain sockets, one thread per connection) that streams a real H.264
 * stream over TCP interleaved — the sim module's pre-encoded test pattern at 25 fps with a
 * capture-time SEI, packetized per RFC 6184, with honest sender reports every second — and then
 * misbehaves in one {@link Misbehaviour}. It answers 461 to UDP SETUPs (it serves TCP only).
 *
 * <p>Test code; threads are daemons and end with {@link #close()}.
 */
final class MisbehavingRtspServer implements AutoCloseable {
    enum Misbehaviour {
        /** Streams for 4 s, then sends nothing more with the connection open (keepalives still answered). */
        STALL_AFTER_4_S,
        /** Answers DESCRIBE with 302 to its own URL. */
        REDIRECT_TO_ITSELF,
        /** Streams a keyframe, a sender report and two more frames (0.1 s of video), then closes the connection. */
        ONE_FRAME_THEN_CLOSE,
        /** Answers DESCRIBE with a 62 KB session description listing 1,000 H.264 video tracks. */
        THOUSAND_TRACK_SDP
    }

    private static final int WIDTH = 320;
    private static final int HEIGHT = 240;
    private static final int FPS = 25;
    private static final int MAX_PAYLOAD_BYTES = 1_400;

    private final Misbehaviour misbehaviour;
    private final ServerSocket listener;
    private final PreEncodedLoop loop = PreEncodedLoop.get(WIDTH, HEIGHT, FPS, FPS, 400_000, 2 * FPS);
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    MisbehavingRtspServer(Misbehaviour misbehaviour) throws IOException {
        this.misbehaviour = misbehaviour;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "misbehaving-rtsp-" + misbehaviour);
        t.setDaemon(true);
        t.start();
    }

    String url() {
        return "rtsp://127.0.0.1:" + listener.getLocalPort() + "/bad";
    }

    /** TCP connections accepted so far. */
    int connections() {
        return connections.get();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
        for (Socket s : sockets) {
            s.close();
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = listener.accept();
                connections.incrementAndGet();
                sockets.add(s);
                Thread t = new Thread(() -> converse(s), "misbehaving-rtsp-connection");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /** One request: its first line and headers (lower-case names). */
    private record Request(String method, String uri, java.util.Map<String, String> headers) {
        String header(String name) {
            return headers.getOrDefault(name, "");
        }
    }

    private static Request read(InputStream in) throws IOException {
        while (true) {
            int first = in.read();
            if (first < 0) {
                return null;
            }
            if (first == '$') { // the client's interleaved RTCP receiver reports: skipped
                in.read();
                int len = (in.read() << 8) | in.read();
                in.skipNBytes(len);
                continue;
            }
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            head.write(first);
            int c;
            while ((c = in.read()) >= 0) {
                head.write(c);
                byte[] b = head.toByteArray();
                int n = b.length;
                if (n >= 4 && b[n - 4] == '\r' && b[n - 3] == '\n' && b[n - 2] == '\r' && b[n - 1] == '\n') {
                    break;
                }
                if (n > 16_384) {
                    throw new IOException("request too long");
                }
            }
            String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
            String[] requestLine = lines[0].split(" ");
            java.util.Map<String, String> headers = new java.util.HashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
                }
            }
            int body = headers.containsKey("content-length") ? Integer.parseInt(headers.get("content-length")) : 0;
            in.skipNBytes(body);
            return new Request(requestLine[0], requestLine.length > 1 ? requestLine[1] : "", headers);
        }
    }

    private void converse(Socket socket) {
        try (socket; InputStream in = new BufferedInputStream(socket.getInputStream()); OutputStream out = socket.getOutputStream()) {
            Request r;
            while ((r = read(in)) != null) {
                String cseq = r.header("cseq");
                switch (r.method()) {
                    case "OPTIONS", "GET_PARAMETER" -> respond(out, cseq, "200 OK",
                            "Public: OPTIONS, DESCRIBE, SETUP, PLAY, GET_PARAMETER, TEARDOWN\r\n", "");
                    case "DESCRIBE" -> {
                        if (misbehaviour == Misbehaviour.REDIRECT_TO_ITSELF) {
                            respond(out, cseq, "302 Found", "Location: " + url() + "\r\n", "");
                        } else {
                            String sdp = misbehaviour == Misbehaviour.THOUSAND_TRACK_SDP ? thousandTrackSdp() : sdp();
                            respond(out, cseq, "200 OK", "Content-Type: application/sdp\r\nContent-Base: " + url() + "/\r\n", sdp);
                        }
                    }
                    case "SETUP" -> {
                        if (!r.header("transport").contains("TCP")) {
                            respond(out, cseq, "461 Unsupported Transport", "", "");
                        } else {
                            respond(out, cseq, "200 OK", "Session: 4242;timeout=60\r\nTransport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n", "");
                        }
                    }
                    case "PLAY" -> {
                        respond(out, cseq, "200 OK", "Session: 4242\r\nRange: npt=0.000-\r\n", "");
                        Thread t = new Thread(() -> stream(socket, out), "misbehaving-rtsp-stream");
                        t.setDaemon(true);
                        t.start();
                    }
                    case "TEARDOWN" -> {
                        respond(out, cseq, "200 OK", "Session: 4242\r\n", "");
                        return;
                    }
                    default -> respond(out, cseq, "501 Not Implemented", "", "");
                }
            }
        } catch (IOException e) {
            // the client closed, or close() did
        } finally {
            sockets.remove(socket);
        }
    }

    private static void respond(OutputStream out, String cseq, String status, String headers, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        String head = "RTSP/1.0 " + status + "\r\nCSeq: " + cseq + "\r\n" + headers
                + (b.length > 0 ? "Content-Length: " + b.length + "\r\n" : "") + "\r\n";
        synchronized (out) {
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(b);
            out.flush();
        }
    }

    private String sdp() {
        FrameSource s = loop.source();
        return SdpWriter.write(1, "bad", s.sps(), s.pps(), FPS, 400_000, WIDTH, HEIGHT);
    }

    /** 1,000 video sections with H.264 rtpmap and control: a 62 KB body, within the client's 64 KB body limit. */
    static String thousandTrackSdp() {
        StringBuilder sdp = new StringBuilder("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=thousand tracks\r\nt=0 0\r\n");
        for (int i = 0; i < 1_000; i++) {
            sdp.append("m=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=control:t").append(i).append("\r\n");
        }
        return sdp.toString();
    }

    private static long utcMicrosNow() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    /** Streams frames at 25 fps on channel 0 and a sender report per second on channel 1, until the misbehaviour. */
    private void stream(Socket socket, OutputStream out) {
        int ssrc = ThreadLocalRandom.current().nextInt();
        long rtpBase = ThreadLocalRandom.current().nextLong(1L << 32);
        long originMicros = utcMicrosNow();
        FrameSource source = loop.source();
        int[] seq = {ThreadLocalRandom.current().nextInt(65536)};
        long[] packets = {0};
        long[] octets = {0};
        long startNanos = System.nanoTime();
        long intervalNanos = 1_000_000_000L / FPS;
        try {
            for (long frame = 0; !closed && !socket.isClosed(); frame++) {
                long due = startNanos + frame * intervalNanos;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                if (misbehaviour == Misbehaviour.STALL_AFTER_4_S && frame >= 4 * FPS) {
                    return; // connection open, nothing sent any more
                }
                long captureMicros = utcMicrosNow();
                long rtp = rtpBase + (captureMicros - originMicros) * 90 / 1_000;
                byte[] au = source.next(captureMicros, false);
                ByteBuf buf = Unpooled.buffer(au.length + 2_048);
                H264Packetizer.packetize(au, MAX_PAYLOAD_BYTES, (prefix, prefixBytes, src, off, len, last) -> {
                    int start = buf.writerIndex();
                    buf.writeByte('$').writeByte(0).writeShort(0);
                    RtpWriter.writeRtpHeader(buf, last, SdpWriter.PAYLOAD_TYPE, seq[0]++, rtp, ssrc, false);
                    if (prefixBytes == 2) {
                        buf.writeShort(prefix);
                    }
                    buf.writeBytes(src, off, len);
                    buf.setShort(start + 2, buf.writerIndex() - start - 4);
                    packets[0]++;
                    octets[0] += prefixBytes + len;
                });
                boolean senderReport = frame % FPS == 1;
                if (senderReport) {
                    int start = buf.writerIndex();
                    buf.writeByte('$').writeByte(1).writeShort(0);
                    RtpWriter.writeSenderReport(buf, ssrc, RtpWriter.ntpFromUnixMicros(captureMicros), rtp, packets[0], octets[0], "bad");
                    buf.setShort(start + 2, buf.writerIndex() - start - 4);
                }
                synchronized (out) {
                    buf.readBytes(out, buf.readableBytes());
                    out.flush();
                }
                buf.release();
                if (misbehaviour == Misbehaviour.ONE_FRAME_THEN_CLOSE && frame >= 2) {
                    socket.close();
                    return;
                }
            }
        } catch (IOException | InterruptedException e) {
            // the connection is gone
        } finally {
            source.close();
        }
    }
}
