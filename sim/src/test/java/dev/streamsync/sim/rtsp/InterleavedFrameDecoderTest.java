package dev.streamsync.sim.rtsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.handler.codec.TooLongFrameException;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InterleavedFrameDecoderTest {

    private static ByteBuf ascii(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
    }

    @Test
    void skipsInterleavedFramesAndPassesWholeRequests() {
        AtomicInteger frames = new AtomicInteger();
        EmbeddedChannel ch = new EmbeddedChannel(new InterleavedFrameDecoder(), new ChannelInboundHandlerAdapter() {
            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                if (evt == InterleavedFrameDecoder.INTERLEAVED_FRAME) {
                    frames.incrementAndGet();
                }
            }
        });
        String request = "SET_PARAMETER rtsp://h/cam RTSP/1.0\r\nCSeq: 5\r\nContent-Length: 4\r\n\r\nab$d";
        ByteBuf input = Unpooled.buffer();
        input.writeBytes(new byte[] {'$', 1, 0, 3, 9, 9, 9});
        input.writeBytes(ascii(request));
        input.writeBytes(new byte[] {'$', 1, 0, 0});
        // Split the input byte by byte: the decoder must wait for whole frames and messages.
        while (input.isReadable()) {
            ch.writeInbound(input.readRetainedSlice(1));
        }
        input.release();
        ByteBuf message = ch.readInbound();
        assertEquals(request, message.toString(StandardCharsets.US_ASCII));
        message.release();
        assertNull(ch.readInbound());
        assertEquals(2, frames.get());
        assertFalse(ch.finish());
    }

    @Test
    void oversizedHeaderClosesTheConnection() {
        EmbeddedChannel ch = new EmbeddedChannel(new InterleavedFrameDecoder());
        // EmbeddedChannel rethrows what the pipeline's exceptionCaught (which closes the connection) would see.
        assertThrows(TooLongFrameException.class, () -> ch.writeInbound(
                ascii("OPTIONS * RTSP/1.0\r\nX: " + "a".repeat(InterleavedFrameDecoder.MAX_HEADER_BYTES) + "\r\n")));
        assertNull(ch.readInbound());
        assertFalse(ch.finishAndReleaseAll());
    }
}
