package dev.streamsync.sim.h264;

import java.util.List;

/**
 * Splits an Annex B access unit into RTP payloads per RFC 6184: a NAL unit that fits in
 * {@code maxPayloadBytes} goes into a single NAL unit packet (§5.6); a larger one is cut into FU-A
 * fragments (§5.8). The last payload of the access unit is flagged so the caller sets the RTP marker
 * bit (§5.1).
 *
 * <pre>
 *  FU indicator           FU header
 * +---------------+      +---------------+
 * |F|NRI| Type=28 |      |S|E|R|  Type   |
 * +---------------+      +---------------+
 * </pre>
 *
 * <p>Threading: stateless and thread-safe.
 */
public final class H264Packetizer {

    /** FU-A NAL unit type (RFC 6184 Table 1). */
    public static final int FU_A = 28;

    private H264Packetizer() {
    }

    /** Receives the payloads of one access unit, in order. */
    public interface PayloadSink {
        /**
         * One RTP payload: {@code prefix} (0, or 2 bytes of FU indicator and FU header, packed as
         * {@code indicator << 8 | header}) followed by {@code len} bytes of {@code src} at {@code off}.
         *
         * @param prefixBytes 0 for a single NAL unit packet, 2 for an FU-A fragment
         * @param last        the last payload of the access unit (set the marker bit)
         */
        void payload(int prefix, int prefixBytes, byte[] src, int off, int len, boolean last);
    }

    /**
     * Packetizes the access unit. Emits nothing if it holds no NAL units.
     *
     * @param maxPayloadBytes largest RTP payload, at least 3
     */
    public static void packetize(byte[] au, int maxPayloadBytes, PayloadSink sink) {
        if (maxPayloadBytes < 3) {
            throw new IllegalArgumentException("maxPayloadBytes < 3");
        }
        List<AnnexB.Nal> nals = AnnexB.split(au, 0, au.length);
        for (int i = 0; i < nals.size(); i++) {
            AnnexB.Nal nal = nals.get(i);
            boolean lastNal = i == nals.size() - 1;
            if (nal.length() <= maxPayloadBytes) {
                sink.payload(0, 0, au, nal.offset(), nal.length(), lastNal);
                continue;
            }
            int header = au[nal.offset()] & 0xFF;
            int indicator = (header & 0xE0) | FU_A;
            int type = header & 0x1F;
            int pos = nal.offset() + 1; // the NAL header is carried in the FU indicator and header
            int end = nal.offset() + nal.length();
            int chunk = maxPayloadBytes - 2;
            boolean first = true;
            while (pos < end) {
                int len = Math.min(chunk, end - pos);
                boolean lastFragment = pos + len == end;
                int fuHeader = (first ? 0x80 : 0) | (lastFragment ? 0x40 : 0) | type;
                sink.payload((indicator << 8) | fuHeader, 2, au, pos, len, lastNal && lastFragment);
                pos += len;
                first = false;
            }
        }
    }
}
