package dev.streamsync.rtsp;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ReferenceCountUtil;

/**
 * Arbitrary bytes, split at arbitrary points, through the {@code $}-frame decoder: it either emits
 * frames and whole messages within the limits or fails with {@link RtspFramingException}; nothing
 * else escapes and nothing leaks.
 */
class InterleavedFrameDecoderFuzzTest {
    private static final int MAX_HEADER = 512;
    private static final int MAX_BODY = 1024;
    private static final int MAX_FRAME = 2048;

    @FuzzTest(maxDuration = "10m")
    void decode(FuzzedDataProvider data) {
        EmbeddedChannel ch = new EmbeddedChannel(new InterleavedFrameDecoder(MAX_HEADER, MAX_BODY, MAX_FRAME, "rtsp://fuzz/"));
        try {
            while (data.remainingBytes() > 0) {
                byte[] chunk = data.consumeBytes(data.consumeInt(1, 300));
                try {
                    ch.writeInbound(Unpooled.wrappedBuffer(chunk));
                } catch (DecoderException e) {
                    if (!(e.getCause() instanceof RtspFramingException)) {
                        throw e;
                    }
                }
                Object m;
                while ((m = ch.readInbound()) != null) {
                    try {
                        check(m);
                    } finally {
                        ReferenceCountUtil.release(m);
                    }
                }
            }
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    private static void check(Object m) {
        if (m instanceof InterleavedFrame f) {
            if (f.content().readableBytes() > MAX_FRAME || f.channel() < 0 || f.channel() > 255) {
                throw new IllegalStateException("frame out of limits: " + f);
            }
        } else if (m instanceof ByteBuf b) {
            if (b.readableBytes() > MAX_HEADER + MAX_BODY) {
                throw new IllegalStateException("message above limits: " + b.readableBytes());
            }
            int first = b.getUnsignedByte(b.readerIndex());
            if (first < 'A' || first > 'Z') {
                throw new IllegalStateException("message does not start with a letter");
            }
        } else {
            throw new IllegalStateException("unexpected output " + m);
        }
    }
}
