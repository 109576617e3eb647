package dev.streamsync.rtsp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Loads a fixture of what an RTSP server sent, as a list of parts. Format (line based):
 * <pre>
 * # first line: where the fixture came from
 * @response [lf]          an RTSP message follows until the next '@' line; header lines, an empty line,
 *                         then the body; Content-Length is computed and added when there is a body;
 *                         CRLF line ends unless "lf" is given
 * @frame CHANNEL HEX      one interleaved frame with this payload
 * @raw HEX                bytes as they are (stray bytes between messages)
 * @expect METHOD URI [| TEXT]  (conversations only) the client's next request: method, URI and a
 *                         text it must contain
 * </pre>
 * In a response, {@code CSeq: $} is replaced by the CSeq of the client's last request.
 */
final class RtspFixture {
    record Part(String kind, int channel, byte[] bytes) {
    }

    final String origin;
    final List<Part> parts;

    private RtspFixture(String origin, List<Part> parts) {
        this.origin = origin;
        this.parts = parts;
    }

    static RtspFixture load(String name) {
        try (InputStream in = RtspFixture.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static RtspFixture parse(String text) {
        String[] lines = text.split("\n", -1);
        if (!lines[0].startsWith("#")) {
            throw new IllegalArgumentException("fixture must start with a '#' line saying where it came from");
        }
        List<Part> parts = new ArrayList<>();
        int i = 1;
        while (i < lines.length) {
            String line = lines[i].stripTrailing();
            if (line.isEmpty()) {
                i++;
                continue;
            }
            String[] f = line.split("\\s+");
            switch (f[0]) {
                case "@frame" -> {
                    parts.add(new Part("frame", Integer.parseInt(f[1]), f.length > 2 ? HexFormat.of().parseHex(f[2]) : new byte[0]));
                    i++;
                }
                case "@expect" -> {
                    parts.add(new Part("expect", -1, line.substring("@expect".length()).strip().getBytes(StandardCharsets.UTF_8)));
                    i++;
                }
                case "@raw" -> {
                    parts.add(new Part("raw", -1, HexFormat.of().parseHex(f[1])));
                    i++;
                }
                case "@response" -> {
                    String eol = f.length > 1 && f[1].equals("lf") ? "\n" : "\r\n";
                    i++;
                    List<String> head = new ArrayList<>();
                    while (i < lines.length && !lines[i].stripTrailing().isEmpty() && !lines[i].startsWith("@")) {
                        head.add(lines[i].stripTrailing());
                        i++;
                    }
                    StringBuilder body = new StringBuilder();
                    if (i < lines.length && !lines[i].startsWith("@")) {
                        i++; // the empty line
                        while (i < lines.length && !lines[i].startsWith("@")) {
                            body.append(lines[i].stripTrailing()).append(eol);
                            i++;
                        }
                    }
                    String b = body.toString();
                    while (b.endsWith(eol + eol)) {
                        b = b.substring(0, b.length() - eol.length());
                    }
                    if (b.equals(eol)) {
                        b = "";
                    }
                    StringBuilder msg = new StringBuilder();
                    for (String h : head) {
                        msg.append(h).append(eol);
                    }
                    if (!b.isEmpty()) {
                        msg.append("Content-Length: ").append(b.getBytes(StandardCharsets.UTF_8).length).append(eol);
                    }
                    msg.append(eol).append(b);
                    parts.add(new Part("response", -1, msg.toString().getBytes(StandardCharsets.UTF_8)));
                }
                default -> throw new IllegalArgumentException("bad fixture line: " + line);
            }
        }
        return new RtspFixture(lines[0], parts);
    }

    /** The bytes of one part as they travel on the wire. */
    static byte[] wire(Part p) {
        if (!p.kind().equals("frame")) {
            return p.bytes();
        }
        byte[] out = new byte[4 + p.bytes().length];
        out[0] = '$';
        out[1] = (byte) p.channel();
        out[2] = (byte) (p.bytes().length >> 8);
        out[3] = (byte) p.bytes().length;
        System.arraycopy(p.bytes(), 0, out, 4, p.bytes().length);
        return out;
    }

    /** Every part concatenated: the server's byte stream. */
    byte[] stream() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Part p : parts) {
            out.writeBytes(wire(p));
        }
        return out.toByteArray();
    }
}
