package dev.streamsync.rtsp;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Plays the server side of a fixture against an {@link RtspClient} running on an
 * {@link EmbeddedChannel}: checks each request the client writes, answers with the fixture's
 * responses (CSeq filled in) and interleaved frames. Releases every buffer it reads.
 */
final class RtspConversation {
    final EmbeddedChannel channel;
    final List<String> requests = new ArrayList<>();
    final List<byte[]> interleavedOut = new ArrayList<>();
    private final ByteArrayOutputStream pendingOut = new ByteArrayOutputStream();
    int lastCseq;

    RtspConversation(EmbeddedChannel channel) {
        this.channel = channel;
    }

    /** The client's next complete request, or null when it has written none. */
    String nextRequest() {
        channel.runPendingTasks();
        while (true) {
            String complete = takeCompleteRequest();
            if (complete != null) {
                return complete;
            }
            Object m = channel.readOutbound();
            if (m == null) {
                return null;
            }
            try {
                ByteBuf b = (ByteBuf) m;
                pendingOut.writeBytes(ByteBufUtil.getBytes(b));
            } finally {
                ReferenceCountUtil.release(m);
            }
        }
    }

    private String takeCompleteRequest() {
        byte[] all = pendingOut.toByteArray();
        int pos = 0;
        while (pos < all.length && all[pos] == '$') {
            if (all.length - pos < 4) {
                return null;
            }
            int len = ((all[pos + 2] & 0xFF) << 8) | (all[pos + 3] & 0xFF);
            if (all.length - pos < 4 + len) {
                return null;
            }
            byte[] frame = new byte[4 + len];
            System.arraycopy(all, pos, frame, 0, frame.length);
            interleavedOut.add(frame);
            pos += 4 + len;
        }
        String text = new String(all, pos, all.length - pos, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        pendingOut.reset();
        if (end < 0) {
            pendingOut.write(all, pos, all.length - pos);
            return null;
        }
        String req = text.substring(0, end + 4);
        byte[] rest = text.substring(end + 4).getBytes(StandardCharsets.ISO_8859_1);
        pendingOut.writeBytes(rest);
        requests.add(req);
        for (String line : req.split("\r\n")) {
            if (line.toLowerCase().startsWith("cseq:")) {
                lastCseq = Integer.parseInt(line.substring(5).strip());
            }
        }
        return req;
    }

    /** Sends bytes from the server. */
    void serverSends(byte[] bytes) {
        channel.writeInbound(Unpooled.wrappedBuffer(bytes));
        channel.runPendingTasks();
    }

    /** Answers the last request with a response text (CSeq placeholder filled in). */
    void respond(String response) {
        serverSends(response.replace("CSeq: $", "CSeq: " + lastCseq).getBytes(StandardCharsets.UTF_8));
    }

    /** Plays every part of a fixture. */
    void play(RtspFixture fixture) {
        for (RtspFixture.Part p : fixture.parts) {
            switch (p.kind()) {
                case "expect" -> expect(new String(p.bytes(), StandardCharsets.UTF_8));
                case "response" -> respond(new String(p.bytes(), StandardCharsets.UTF_8));
                default -> serverSends(RtspFixture.wire(p));
            }
        }
    }

    /** Reads the next request and checks its request line (and a text it must contain). */
    String expect(String spec) {
        String[] f = spec.split("\\|", 2);
        String requestLine = f[0].strip();
        String req = nextRequest();
        if (req == null) {
            fail("client sent no request; expected " + requestLine + "; earlier requests: " + requests);
        }
        assertTrue(req.startsWith(requestLine + " RTSP/1.0\r\n"), "expected " + requestLine + " but got:\n" + req);
        if (f.length > 1) {
            assertTrue(req.contains(f[1].strip()), "request lacks '" + f[1].strip() + "':\n" + req);
        }
        return req;
    }
}
