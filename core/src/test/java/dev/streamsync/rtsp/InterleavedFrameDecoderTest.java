package dev.streamsync.rtsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ReferenceCountUtil;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class InterleavedFrameDecoderTest {
    static final RtspFixture FIXTURE = RtspFixture.load("interleaved-play.txt");

    static EmbeddedChannel channel() {
        return new EmbeddedChannel(new InterleavedFrameDecoder(16 * 1024, 64 * 1024, 65535, "rtsp://example.com/foo"));
    }

    /** What the decoder should produce: every part except the stray bytes. */
    static List<byte[]> expected() {
        List<byte[]> out = new ArrayList<>();
        for (RtspFixture.Part p : FIXTURE.parts) {
            if (!p.kind().equals("raw")) {
                out.add(RtspFixture.wire(p));
            }
        }
        return out;
    }

    /** Reads all outbound messages back to wire form, releasing them. */
    static List<byte[]> drain(EmbeddedChannel ch) {
        List<byte[]> out = new ArrayList<>();
        Object m;
        while ((m = ch.readInbound()) != null) {
            try {
                if (m instanceof InterleavedFrame f) {
                    byte[] payload = ByteBufUtil.getBytes(f.content());
                    byte[] w = new byte[4 + payload.length];
                    w[0] = '$';
                    w[1] = (byte) f.channel();
                    w[2] = (byte) (payload.length >> 8);
                    w[3] = (byte) payload.length;
                    System.arraycopy(payload, 0, w, 4, payload.length);
                    out.add(w);
                } else {
                    out.add(ByteBufUtil.getBytes((ByteBuf) m));
                }
            } finally {
                ReferenceCountUtil.release(m);
            }
        }
        return out;
    }

    static void assertSameParts(List<byte[]> want, List<byte[]> got) {
        assertEquals(want.size(), got.size());
        for (int i = 0; i < want.size(); i++) {
            assertArrayEquals(want.get(i), got.get(i), "part " + i);
        }
    }

    @Test
    void separatesResponsesFromInterleavedFramesWhenSplitAtEveryByteBoundary() {
        byte[] stream = FIXTURE.stream();
        List<byte[]> want = expected();
        for (int split = 0; split <= stream.length; split++) {
            EmbeddedChannel ch = channel();
            ch.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(stream, 0, split)));
            ch.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(stream, split, stream.length)));
            assertSameParts(want, drain(ch));
            assertFalse(ch.finish());
        }
    }

    /** The wire form ({@code $}, channel, length, packet) of a frame given to a listener. */
    static byte[] wire(int channel, ByteBuf buf, int index, int length) {
        byte[] w = new byte[4 + length];
        w[0] = '$';
        w[1] = (byte) channel;
        w[2] = (byte) (length >> 8);
        w[3] = (byte) length;
        buf.getBytes(index, w, 4, length);
        return w;
    }

    /** A decoder with a listener, and a handler after it, both appending to {@code got} as they are called. */
    static EmbeddedChannel listenerChannel(List<byte[]> got) {
        return new EmbeddedChannel(
                new InterleavedFrameDecoder(16 * 1024, 64 * 1024, 65535, "rtsp://example.com/foo",
                        (channel, buf, index, length) -> got.add(wire(channel, buf, index, length))),
                new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        try {
                            got.add(ByteBufUtil.getBytes((ByteBuf) msg));
                        } finally {
                            ReferenceCountUtil.release(msg);
                        }
                    }
                });
    }

    @Test
    void aFrameListenerGetsEveryFrameInStreamOrderWithTheMessagesWhenSplitAtEveryByteBoundary() {
        byte[] stream = FIXTURE.stream();
        List<byte[]> want = expected();
        for (int split = 0; split <= stream.length; split++) {
            List<byte[]> got = new ArrayList<>();
            EmbeddedChannel ch = listenerChannel(got);
            ch.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(stream, 0, split)));
            ch.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(stream, split, stream.length)));
            assertSameParts(want, got);
            assertFalse(ch.finish());
        }
    }

    @Test
    void framesGivenToAListenerAllocateNothingPerPacket() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int frames = 20_000;
        int payload = 1400;
        ByteBuf wireBytes = Unpooled.buffer(frames * (4 + payload));
        for (int i = 0; i < frames; i++) {
            wireBytes.writeByte('$').writeByte(i & 1).writeShort(payload).writeZero(payload);
        }
        long[] seen = new long[1];
        EmbeddedChannel ch = new EmbeddedChannel(new InterleavedFrameDecoder(16 * 1024, 64 * 1024, 65535,
                "rtsp://example.com/foo", (channel, buf, index, length) -> seen[0] += length));
        for (int warm = 0; warm < 3; warm++) { // JIT and Netty's first-use allocations
            ch.writeInbound(wireBytes.retainedDuplicate());
        }
        long tid = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(tid);
        ch.writeInbound(wireBytes.retainedDuplicate());
        long allocated = mx.getThreadAllocatedBytes(tid) - before;
        assertEquals(4L * frames * payload, seen[0]);
        // 20,000 packets: one object per packet would be >= 320 KB; allow a little for the channel's own calls.
        assertTrue(allocated < 16 * 1024, "allocated " + allocated + " bytes for " + frames + " packets");
        wireBytes.release();
        assertFalse(ch.finish());
    }

    @Test
    void decodesStreamFedOneByteAtATime() {
        byte[] stream = FIXTURE.stream();
        EmbeddedChannel ch = channel();
        for (byte b : stream) {
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        assertSameParts(expected(), drain(ch));
        InterleavedFrameDecoder decoder = ch.pipeline().get(InterleavedFrameDecoder.class);
        assertEquals(2, decoder.skippedBytes());
        assertFalse(ch.finish());
    }

    @Test
    void failsConnectionWhenHeaderBlockExceedsLimit() {
        EmbeddedChannel ch = new EmbeddedChannel(new InterleavedFrameDecoder(64, 1024, 65535, "rtsp://user:secret@cam/x"));
        byte[] big = ("RTSP/1.0 200 OK\r\nX-Padding: " + "a".repeat(100) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        DecoderException e = assertThrows(DecoderException.class, () -> ch.writeInbound(Unpooled.wrappedBuffer(big)));
        assertTrue(e.getCause() instanceof RtspFramingException);
        assertFalse(e.getCause().getMessage().contains("secret"));
        assertTrue(e.getCause().getMessage().contains("rtsp://cam/x"));
        ch.finishAndReleaseAll();
    }

    @Test
    void failsConnectionWhenBodyExceedsLimit() {
        EmbeddedChannel ch = new EmbeddedChannel(new InterleavedFrameDecoder(1024, 10, 65535, "rtsp://cam/x"));
        byte[] msg = "RTSP/1.0 200 OK\r\nCSeq: 2\r\nContent-Length: 11\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        DecoderException e = assertThrows(DecoderException.class, () -> ch.writeInbound(Unpooled.wrappedBuffer(msg)));
        assertTrue(e.getCause().getMessage().contains("body of 11 bytes"));
        ch.finishAndReleaseAll();
    }

    @Test
    void failsConnectionWhenInterleavedFrameExceedsLimit() {
        EmbeddedChannel ch = new EmbeddedChannel(new InterleavedFrameDecoder(1024, 1024, 1500, "rtsp://cam/x"));
        DecoderException e = assertThrows(DecoderException.class,
                () -> ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {'$', 0, 0x10, 0x00})));
        assertTrue(e.getCause().getMessage().contains("4096 bytes"));
        ch.finishAndReleaseAll();
    }

    @Test
    void rejectsUnreadableContentLength() {
        EmbeddedChannel ch = channel();
        byte[] msg = "RTSP/1.0 200 OK\r\nContent-Length: 1x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThrows(DecoderException.class, () -> ch.writeInbound(Unpooled.wrappedBuffer(msg)));
        ch.finishAndReleaseAll();
    }
}
