package dev.streamsync.sim.rtsp;

import java.util.Base64;
import java.util.HexFormat;

/**
 * Writes the session description (RFC 8866) a camera returns to DESCRIBE: one H.264 video stream,
 * payload type 96, with the parameter sets out-of-band (RFC 6184 §8.1).
 *
 * <p>Threading: stateless and thread-safe.
 */
public final class SdpWriter {

    /** Dynamic RTP payload type of the video stream. */
    public static final int PAYLOAD_TYPE = 96;
    /** The {@code a=control} attribute of the video stream, relative to the Content-Base. */
    public static final String TRACK_CONTROL = "trackID=0";

    private SdpWriter() {
    }

    /**
     * @param sessionId     numeric o= session id
     * @param sps           sequence parameter set NAL unit (no start code)
     * @param pps           picture parameter set NAL unit (no start code)
     * @param bitRateBps    nominal bit rate for the b=AS line
     */
    public static String write(long sessionId, String name, byte[] sps, byte[] pps, int fps, long bitRateBps,
            int width, int height) {
        // profile-level-id: profile_idc, constraint flags, level_idc = the three bytes after the SPS NAL header.
        String profileLevelId = HexFormat.of().withUpperCase().formatHex(sps, 1, 4);
        Base64.Encoder b64 = Base64.getEncoder();
        return "v=0\r\n"
                + "o=- " + sessionId + " 1 IN IP4 127.0.0.1\r\n"
                + "s=streamsync simulated camera " + name + "\r\n"
                + "c=IN IP4 0.0.0.0\r\n"
                + "t=0 0\r\n"
                + "a=tool:streamsync-sim\r\n"
                + "a=range:npt=0-\r\n"
                + "a=control:*\r\n"
                + "m=video 0 RTP/AVP " + PAYLOAD_TYPE + "\r\n"
                + "b=AS:" + Math.max(1, bitRateBps / 1000) + "\r\n"
                + "a=rtpmap:" + PAYLOAD_TYPE + " H264/" + RtpTimeline.CLOCK_RATE_HZ + "\r\n"
                + "a=fmtp:" + PAYLOAD_TYPE + " packetization-mode=1;profile-level-id=" + profileLevelId
                + ";sprop-parameter-sets=" + b64.encodeToString(sps) + "," + b64.encodeToString(pps) + "\r\n"
                + "a=framerate:" + fps + "\r\n"
                + "a=x-dimensions:" + width + "," + height + "\r\n"
                + "a=control:" + TRACK_CONTROL + "\r\n";
    }
}
