package dev.streamsync.sim;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Test helper: a minimal RTSP client over a plain socket, reading responses and interleaved frames in order. */
public final class RtspTestClient implements AutoCloseable {

    /** An RTSP response: status code, headers (lower-case names; repeated headers joined by "\n"), body. */
    public record Response(int status, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** One interleaved frame: channel and data. */
    public record Interleaved(int channel, byte[] data) {
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private int cseq;

    public RtspTestClient(URI url) throws IOException {
        socket = new Socket(url.getHost(), url.getPort());
        socket.setSoTimeout(10_000);
        in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        out = socket.getOutputStream();
    }

    /** Sends a request and returns its response, skipping interleaved frames that arrive first. */
    public Response request(String method, String uri, String... headers) throws IOException {
        StringBuilder b = new StringBuilder(method).append(' ').append(uri).append(" RTSP/1.0\r\nCSeq: ").append(++cseq).append("\r\n");
        for (String h : headers) {
            b.append(h).append("\r\n");
        }
        b.append("\r\n");
        out.write(b.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        while (true) {
            Object next = read();
            if (next instanceof Response r) {
                return r;
            }
        }
    }

    /** Sends raw bytes (for interleaved frames from the client). */
    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Reads the next interleaved frame, failing if a response comes instead. */
    public Interleaved readInterleaved() throws IOException {
        Object next = read();
        if (next instanceof Interleaved i) {
            return i;
        }
        throw new IOException("expected an interleaved frame, got " + next);
    }

    private Object read() throws IOException {
        int first = in.readUnsignedByte();
        if (first == '$') {
            int channel = in.readUnsignedByte();
            int length = in.readUnsignedShort();
            byte[] data = new byte[length];
            in.readFully(data);
            return new Interleaved(channel, data);
        }
        StringBuilder line = new StringBuilder().append((char) first);
        String statusLine = readLine(line);
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        while (true) {
            String h = readLine(new StringBuilder());
            if (h.isEmpty()) {
                break;
            }
            int colon = h.indexOf(':');
            String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = h.substring(colon + 1).trim();
            headers.merge(name, value, (a, v) -> a + "\n" + v);
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        byte[] body = new byte[length];
        in.readFully(body);
        return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private String readLine(StringBuilder b) throws IOException {
        while (true) {
            int c = in.readUnsignedByte();
            if (c == '\n') {
                int n = b.length();
                return n > 0 && b.charAt(n - 1) == '\r' ? b.substring(0, n - 1) : b.toString();
            }
            b.append((char) c);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
