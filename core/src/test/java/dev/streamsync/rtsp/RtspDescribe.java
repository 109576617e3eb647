package dev.streamsync.rtsp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** One plain DESCRIBE (RFC 2326 §10.2) over a fresh connection, for tests that check what a server's SDP says. */
public final class RtspDescribe {
    private static final int MAX_ANSWER_BYTES = 16 * 1024;

    private RtspDescribe() {
    }

    /** The server's answer (status line, headers and SDP), or the exception text when there was none. */
    public static String describe(String url) {
        URI uri = URI.create(url);
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 1_000);
            s.setSoTimeout(2_000);
            OutputStream out = s.getOutputStream();
            out.write(("DESCRIBE " + url + " RTSP/1.0\r\nCSeq: 1\r\nAccept: application/sdp\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[MAX_ANSWER_BYTES];
            int n = 0;
            String text = "";
            while (n < buf.length) {
                int r = in.read(buf, n, buf.length - n);
                if (r < 0) {
                    break;
                }
                n += r;
                text = new String(buf, 0, n, StandardCharsets.UTF_8);
                int body = text.indexOf("\r\n\r\n");
                if (body >= 0 && text.length() - body - 4 >= contentLength(text.substring(0, body))) {
                    break;
                }
            }
            return text;
        } catch (IOException | RuntimeException e) {
            return e.toString();
        }
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                return Integer.parseInt(line.substring(15).strip());
            }
        }
        return 0;
    }
}
