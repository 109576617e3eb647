package dev.streamsync.rtsp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits the RTSP TCP byte stream into {@link InterleavedFrame}s ({@code $}-framed RTP/RTCP) and
 * whole RTSP messages. Sits in front of Netty's {@code RtspDecoder}, which does not know about
 * interleaved data: each RTSP message is passed on as one {@link ByteBuf} holding exactly that
 * message (header block and {@code Content-Length} body), so the RTSP decoder never sees binary data.
 * Responses and frames may interleave arbitrarily and split at any byte.
 *
 * <p>Limits: header block {@code maxHeaderBytes}, body {@code maxBodyBytes}, interleaved packet
 * {@code maxFrameBytes} (at most 65535 by the wire format). Exceeding one fails the connection with
 * an {@link RtspFramingException} (wrapped in Netty's {@code DecoderException} by the base class);
 * after that all input is discarded.
 *
 * <p>Two ways to hand frames on. By default each frame is an {@link InterleavedFrame} message (a
 * retained slice). With a {@link FrameListener} (what {@link RtspClient} uses) each frame is given to
 * the listener during decoding, as a view of the receive buffer valid only for the call: no object is
 * made per packet, which keeps the RTP receive path free of heap allocation. Order is kept: frames
 * before a message reach the listener before the message is passed on, frames after it only after.
 *
 * <p>Quirk: stray bytes between messages (extra CRLF after a body, seen from several servers) are
 * skipped and counted ({@link #skippedBytes()}).
 *
 * <p>Threading: one instance per channel (not sharable), called on its event loop.
 */
public final class InterleavedFrameDecoder extends ByteToMessageDecoder {
    private static final int MIN_HEADER = 4;

    /** Receives interleaved frames synchronously, on the channel's event loop. */
    @FunctionalInterface
    public interface FrameListener {
        /**
         * One RTP or RTCP packet: {@code length} bytes of {@code buffer} from {@code index}. The buffer
         * belongs to the decoder and is valid only during the call: read or copy, do not keep or release.
         */
        void onFrame(int channel, ByteBuf buffer, int index, int length);
    }

    private final int maxHeaderBytes;
    private final int maxBodyBytes;
    private final int maxFrameBytes;
    private final String urlForErrors;
    private final FrameListener listener;
    private boolean failed;
    private long skippedBytes;
    private int headerScanFrom;

    /**
     * @param maxHeaderBytes limit of an RTSP start line plus headers
     * @param maxBodyBytes   limit of an RTSP body (the SDP)
     * @param maxFrameBytes  limit of one interleaved packet, at most 65535
     * @param urlForErrors   URL (without credentials) put into errors
     */
    public InterleavedFrameDecoder(int maxHeaderBytes, int maxBodyBytes, int maxFrameBytes, String urlForErrors) {
        this(maxHeaderBytes, maxBodyBytes, maxFrameBytes, urlForErrors, null);
    }

    /**
     * As {@link #InterleavedFrameDecoder(int, int, int, String)}, with frames given to {@code listener}
     * instead of passed on as messages (null: as messages).
     */
    public InterleavedFrameDecoder(int maxHeaderBytes, int maxBodyBytes, int maxFrameBytes, String urlForErrors,
                                   FrameListener listener) {
        if (maxHeaderBytes < 64 || maxBodyBytes < 0 || maxFrameBytes < 12 || maxFrameBytes > 65535) {
            throw new IllegalArgumentException("bad limits " + maxHeaderBytes + "/" + maxBodyBytes + "/" + maxFrameBytes);
        }
        this.maxHeaderBytes = maxHeaderBytes;
        this.maxBodyBytes = maxBodyBytes;
        this.maxFrameBytes = maxFrameBytes;
        this.urlForErrors = RtspUrls.redact(urlForErrors);
        this.listener = listener;
    }

    /** Bytes skipped between messages because they started neither a frame nor a message. */
    public long skippedBytes() {
        return skippedBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        while (in.isReadable()) {
            int start = in.readerIndex();
            int first = in.getUnsignedByte(start);
            if (first == '$') {
                if (in.readableBytes() < 4) {
                    return;
                }
                int channel = in.getUnsignedByte(start + 1);
                int length = in.getUnsignedShort(start + 2);
                if (length > maxFrameBytes) {
                    throw limit("interleaved frame of " + length + " bytes exceeds the limit of " + maxFrameBytes
                            + " (maxInterleavedBytes)", "maxInterleavedBytes", maxFrameBytes);
                }
                if (in.readableBytes() < 4 + length) {
                    return;
                }
                in.skipBytes(4);
                if (listener != null) {
                    int index = in.readerIndex();
                    in.skipBytes(length); // consumed first: a listener that throws does not see it again
                    listener.onFrame(channel, in, index, length);
                } else {
                    out.add(new InterleavedFrame(channel, in.readRetainedSlice(length)));
                }
            } else if (first >= 'A' && first <= 'Z') {
                int messageLength = rtspMessageLength(in, start);
                if (messageLength < 0) {
                    return;
                }
                headerScanFrom = 0;
                out.add(in.readRetainedSlice(messageLength));
                if (listener != null) {
                    return; // the message is passed on before the frames after it reach the listener
                }
            } else {
                in.skipBytes(1);
                skippedBytes++;
            }
        }
    }

    /** Length of the complete message at {@code start}, or -1 when more bytes are needed. */
    private int rtspMessageLength(ByteBuf in, int start) throws RtspFramingException {
        int readable = in.readableBytes();
        int limit = Math.min(readable, maxHeaderBytes);
        int headerEnd = -1;
        int from = Math.max(0, headerScanFrom - 3);
        for (int i = from; i < limit; i++) {
            if (in.getByte(start + i) != '\n') {
                continue;
            }
            // "\n\n" (LF-only servers) or "\n\r\n"
            if (i + 1 < readable && in.getByte(start + i + 1) == '\n') {
                headerEnd = i + 2;
                break;
            }
            if (i + 2 < readable && in.getByte(start + i + 1) == '\r' && in.getByte(start + i + 2) == '\n') {
                headerEnd = i + 3;
                break;
            }
        }
        if (headerEnd < 0) {
            if (readable >= maxHeaderBytes) {
                throw limit("RTSP header block exceeds the limit of " + maxHeaderBytes + " bytes (maxHeaderBytes)",
                        "maxHeaderBytes", maxHeaderBytes);
            }
            headerScanFrom = readable;
            return -1;
        }
        if (headerEnd > maxHeaderBytes || headerEnd < MIN_HEADER) {
            throw limit("RTSP header block exceeds the limit of " + maxHeaderBytes + " bytes (maxHeaderBytes)",
                        "maxHeaderBytes", maxHeaderBytes);
        }
        long contentLength = contentLength(in, start, headerEnd);
        if (contentLength > maxBodyBytes) {
            throw limit("RTSP body of " + contentLength + " bytes exceeds the limit of " + maxBodyBytes + " (maxBodyBytes)",
                    "maxBodyBytes", maxBodyBytes);
        }
        long total = headerEnd + contentLength;
        if (readable < total) {
            headerScanFrom = 0;
            return -1;
        }
        return (int) total;
    }

    private long contentLength(ByteBuf in, int start, int headerEnd) throws RtspFramingException {
        int lineStart = start;
        int end = start + headerEnd;
        for (int i = start; i < end; i++) {
            if (in.getByte(i) != '\n') {
                continue;
            }
            long value = contentLengthOfLine(in, lineStart, i);
            if (value >= 0) {
                return value;
            }
            if (value == -2) {
                throw fail("unreadable Content-Length header");
            }
            lineStart = i + 1;
        }
        return 0;
    }

    private static final byte[] CONTENT_LENGTH = "content-length".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** The value, -1 when the line is another header, -2 when it is an unreadable Content-Length. */
    private static long contentLengthOfLine(ByteBuf in, int from, int to) {
        int n = CONTENT_LENGTH.length;
        if (to - from < n + 1) {
            return -1;
        }
        for (int k = 0; k < n; k++) {
            int c = in.getByte(from + k);
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != CONTENT_LENGTH[k]) {
                return -1;
            }
        }
        int i = from + n;
        while (i < to && (in.getByte(i) == ' ' || in.getByte(i) == '\t')) {
            i++;
        }
        if (i >= to || in.getByte(i) != ':') {
            return -1;
        }
        i++;
        long value = 0;
        int digits = 0;
        for (; i < to; i++) {
            int c = in.getByte(i);
            if (c >= '0' && c <= '9') {
                value = value * 10 + (c - '0');
                if (++digits > 12) {
                    return -2;
                }
            } else if (c != ' ' && c != '\t' && c != '\r') {
                return -2;
            }
        }
        return digits == 0 ? -2 : value;
    }

    private RtspLimitException limit(String message, String limitName, long limit) {
        failed = true;
        return new RtspLimitException(message, urlForErrors, limitName, limit);
    }

    private RtspFramingException fail(String message) {
        failed = true;
        return new RtspFramingException(message, urlForErrors);
    }
}
