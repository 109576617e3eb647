package dev.streamsync.rtsp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * One RTP or RTCP packet carried inside the RTSP TCP connection (RFC 2326 §10.12):
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   '$' (0x24)  |    channel    |     length (bytes, 16 bits)   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  packet (length bytes) ...                    |
 * </pre>
 *
 * <p>Reference counted: whoever receives it releases it.
 */
public final class InterleavedFrame extends DefaultByteBufHolder {
    private final int channel;

    public InterleavedFrame(int channel, ByteBuf packet) {
        super(packet);
        this.channel = channel;
    }

    /** Interleaved channel number 0..255 (by convention even = RTP, odd = RTCP of the same track). */
    public int channel() {
        return channel;
    }

    @Override
    public InterleavedFrame replace(ByteBuf content) {
        return new InterleavedFrame(channel, content);
    }

    @Override
    public String toString() {
        return "InterleavedFrame{channel=" + channel + ", " + content().readableBytes() + " B}";
    }
}
