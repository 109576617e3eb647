package dev.streamsync.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A minimal RTSP server for one test: answers OPTIONS and DESCRIBE, the latter with a session
 * description whose only video track is Motion JPEG (RFC 2435, static payload type 26), which
 * streamsync does not decode. Other requests get 455 Method Not Valid in This State.
 */
final class MjpegOnlyRtspServer implements AutoCloseable {
    private static final String SDP = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=mjpeg camera\r\nt=0 0\r\n"
            + "m=video 0 RTP/AVP 26\r\nc=IN IP4 0.0.0.0\r\na=rtpmap:26 JPEG/90000\r\na=control:track1\r\n";
    private final ServerSocket socket;
    private final Thread thread;

    MjpegOnlyRtspServer() throws IOException {
        socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        thread = new Thread(this::serve, "mjpeg-rtsp");
        thread.setDaemon(true);
        thread.start();
    }

    String url() {
        return "rtsp://127.0.0.1:" + socket.getLocalPort() + "/mjpeg";
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket s = socket.accept();
                 BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1))) {
                OutputStream out = s.getOutputStream();
                String requestLine;
                while ((requestLine = in.readLine()) != null) {
                    String cseq = "0";
                    for (String h; (h = in.readLine()) != null && !h.isEmpty(); ) {
                        if (h.regionMatches(true, 0, "CSeq:", 0, 5)) {
                            cseq = h.substring(5).strip();
                        }
                    }
                    String method = requestLine.split(" ")[0];
                    String response = switch (method) {
                        case "OPTIONS" -> "RTSP/1.0 200 OK\r\nCSeq: " + cseq + "\r\nPublic: OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN\r\n\r\n";
                        case "DESCRIBE" -> "RTSP/1.0 200 OK\r\nCSeq: " + cseq + "\r\nContent-Base: " + url() + "/\r\n"
                                + "Content-Type: application/sdp\r\nContent-Length: " + SDP.length() + "\r\n\r\n" + SDP;
                        default -> "RTSP/1.0 455 Method Not Valid in This State\r\nCSeq: " + cseq + "\r\n\r\n";
                    };
                    out.write(response.getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                }
            } catch (IOException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
