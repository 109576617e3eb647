package dev.streamsync.sim.rtsp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Sits in front of Netty's {@code RtspDecoder}, which does not understand {@code $}-framed
 * interleaved binary data (RFC 2326 §10.12). It consumes interleaved frames (a client's RTCP
 * receiver reports), firing {@link #INTERLEAVED_FRAME} as a user event for each, and passes every
 * RTSP message on as one buffer holding exactly its header and body.
 *
 * <pre>
 *  '$' (0x24) | channel (1 byte) | length (2 bytes, big-endian) | length bytes of data
 * </pre>
 *
 * <p>Bounded: a header block longer than {@value #MAX_HEADER_BYTES} bytes or a body longer than
 * {@value #MAX_BODY_BYTES} bytes closes the connection ({@link TooLongFrameException}).
 * One instance per channel.
 */
public final class InterleavedFrameDecoder extends ByteToMessageDecoder {

    /** User event fired once per interleaved frame received. */
    public static final Object INTERLEAVED_FRAME = new Object() {
        @Override
        public String toString() {
            return "INTERLEAVED_FRAME";
        }
    };
    static final int MAX_HEADER_BYTES = 8192;
    static final int MAX_BODY_BYTES = 65536;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            byte first = in.getByte(in.readerIndex());
            if (first == '\r' || first == '\n') {
                in.skipBytes(1); // stray line ends between messages (RFC 2326 §15 allows CRLF before a request)
                continue;
            }
            if (first == '$') {
                if (in.readableBytes() < 4) {
                    return;
                }
                int length = in.getUnsignedShort(in.readerIndex() + 2);
                if (in.readableBytes() < 4 + length) {
                    return;
                }
                in.skipBytes(4 + length);
                ctx.fireUserEventTriggered(INTERLEAVED_FRAME);
                continue;
            }
            int headerEnd = findHeaderEnd(in);
            if (headerEnd < 0) {
                if (in.readableBytes() > MAX_HEADER_BYTES) {
                    in.skipBytes(in.readableBytes()); // nothing more is parsed on this connection
                    throw new TooLongFrameException("RTSP header longer than " + MAX_HEADER_BYTES + " bytes");
                }
                return;
            }
            int headerBytes = headerEnd - in.readerIndex();
            int contentLength = contentLength(in.toString(in.readerIndex(), headerBytes, StandardCharsets.ISO_8859_1));
            if (contentLength < 0 || contentLength > MAX_BODY_BYTES) {
                in.skipBytes(in.readableBytes());
                throw new TooLongFrameException("RTSP body of bad length " + contentLength);
            }
            if (in.readableBytes() < headerBytes + contentLength) {
                return;
            }
            out.add(in.readRetainedSlice(headerBytes + contentLength));
        }
    }

    /** Index just after the CRLFCRLF ending the header block, or -1. */
    private static int findHeaderEnd(ByteBuf in) {
        int end = Math.min(in.writerIndex(), in.readerIndex() + MAX_HEADER_BYTES);
        for (int i = in.readerIndex(); i + 3 < end; i++) {
            if (in.getByte(i) == '\r' && in.getByte(i + 1) == '\n' && in.getByte(i + 2) == '\r' && in.getByte(i + 3) == '\n') {
                return i + 4;
            }
        }
        return -1;
    }

    private static int contentLength(String header) {
        for (String line : header.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("content-length")) {
                try {
                    return Integer.parseInt(line.substring(colon + 1).trim());
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return 0;
    }
}
