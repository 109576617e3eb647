package dev.streamsync.rtsp;

import io.netty.buffer.ByteBuf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes interleaved frames ({@code $}, channel, length; RFC 2326 §10.12) to the stream whose SETUP
 * answer named the channel: a table of the 256 possible channels, so routing a packet costs one array
 * read and allocates nothing. A channel nobody set up (an audio track the server sends anyway) is
 * counted and ignored.
 *
 * <p>Threading: event loop only.
 */
final class InterleavedDemux {
    private static final Logger LOG = LoggerFactory.getLogger(InterleavedDemux.class);
    private final RtspStream[] rtp = new RtspStream[256];
    private final RtspStream[] rtcp = new RtspStream[256];
    private final byte[] scratch;
    private long unroutedFrames;

    /** @param scratch copy buffer for one frame, at least 65535 bytes, shared with the UDP path */
    InterleavedDemux(byte[] scratch) {
        this.scratch = scratch;
    }

    /** Routes {@code rtpChannel} and {@code rtcpChannel} to {@code stream} (channels outside 0-255 are ignored). */
    void route(RtspStream stream, int rtpChannel, int rtcpChannel) {
        if (rtpChannel >= 0 && rtpChannel < 256) {
            rtp[rtpChannel] = stream;
        }
        if (rtcpChannel >= 0 && rtcpChannel < 256) {
            rtcp[rtcpChannel] = stream;
        }
    }

    /** Forgets every route (a new connection). */
    void clear() {
        java.util.Arrays.fill(rtp, null);
        java.util.Arrays.fill(rtcp, null);
    }

    /**
     * Hands one frame to its stream.
     *
     * @return true when the frame was RTCP (the caller then checks for BYE on every stream)
     */
    boolean onFrame(int channel, ByteBuf buf, int index, int length, long nowNanos) {
        RtspStream s = rtp[channel & 0xFF];
        if (s != null) {
            buf.getBytes(index, scratch, 0, length);
            s.onRtp(scratch, 0, length, nowNanos);
            return false;
        }
        s = rtcp[channel & 0xFF];
        if (s != null) {
            buf.getBytes(index, scratch, 0, length);
            s.onRtcp(scratch, 0, length, nowNanos);
            return true;
        }
        if (unroutedFrames++ == 0) {
            LOG.debug("interleaved channel {} was not set up (an audio track the server sends anyway?): ignored, counted", channel);
        }
        return false;
    }

    /** Frames on channels no SETUP named. */
    long unroutedFrames() {
        return unroutedFrames;
    }
}
