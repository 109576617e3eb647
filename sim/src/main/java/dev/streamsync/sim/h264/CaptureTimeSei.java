package dev.streamsync.sim.h264;

import java.util.UUID;

/**
 * The capture time of an access unit carried in an H.264 SEI message of type
 * user_data_unregistered (H.264 D.1.7 / D.2.7), so that tests can check timestamps without decoding.
 *
 * <pre>
 *  NAL header 0x06 (nal_ref_idc 0, type 6 = SEI)
 *  payloadType      0x05  (user_data_unregistered)
 *  payloadSize      0x18  (24 bytes)
 *  uuid_iso_iec_11578   16 bytes: {@link #UUID_BYTES} (6f1c1d4b-4e0e-4a35-9b6c-73747273796e)
 *  captureTimeUtcMicros  8 bytes, big-endian, signed
 *  rbsp_trailing_bits   0x80
 * </pre>
 *
 * The payload is escaped with emulation prevention bytes (H.264 7.4.1: {@code 00 00 0x} with
 * {@code x <= 3} becomes {@code 00 00 03 0x}) and unescaped when read.
 *
 * <p>Threading: stateless and thread-safe.
 */
public final class CaptureTimeSei {

    /** Returned by {@link #find} when the access unit has no capture-time SEI. */
    public static final long NOT_FOUND = Long.MIN_VALUE;
    /** The UUID that marks our user data: the last six bytes spell "strsyn". */
    public static final UUID UUID = java.util.UUID.fromString("6f1c1d4b-4e0e-4a35-9b6c-73747273796e");
    private static final byte[] UUID_BYTES = uuidBytes();
    private static final int PAYLOAD_TYPE_USER_DATA_UNREGISTERED = 5;
    private static final int PAYLOAD_SIZE = 16 + 8;

    private CaptureTimeSei() {
    }

    /** The SEI NAL unit (header included, start code not) carrying {@code captureTimeUtcMicros}. */
    public static byte[] nal(long captureTimeUtcMicros) {
        byte[] rbsp = new byte[2 + PAYLOAD_SIZE + 1];
        rbsp[0] = PAYLOAD_TYPE_USER_DATA_UNREGISTERED;
        rbsp[1] = PAYLOAD_SIZE;
        System.arraycopy(UUID_BYTES, 0, rbsp, 2, 16);
        for (int i = 0; i < 8; i++) {
            rbsp[18 + i] = (byte) (captureTimeUtcMicros >>> (56 - 8 * i));
        }
        rbsp[26] = (byte) 0x80;
        byte[] escaped = new byte[1 + rbsp.length * 3 / 2 + 1];
        escaped[0] = AnnexB.NAL_SEI;
        int n = 1;
        int zeros = 0;
        for (byte b : rbsp) {
            if (zeros >= 2 && (b & 0xFF) <= 3) {
                escaped[n++] = 3;
                zeros = 0;
            }
            escaped[n++] = b;
            zeros = b == 0 ? zeros + 1 : 0;
        }
        return java.util.Arrays.copyOf(escaped, n);
    }

    /**
     * Finds our SEI in an Annex B access unit.
     *
     * @return captureTimeUtcMicros, or {@link #NOT_FOUND}
     */
    public static long find(byte[] annexB, int off, int len) {
        for (AnnexB.Nal nal : AnnexB.split(annexB, off, len)) {
            if (nal.type() == AnnexB.NAL_SEI) {
                long micros = read(annexB, nal.offset(), nal.length());
                if (micros != NOT_FOUND) {
                    return micros;
                }
            }
        }
        return NOT_FOUND;
    }

    /** Whether the SEI NAL unit at {@code off} (header byte, no start code) is one of ours. */
    public static boolean isCaptureTimeSei(byte[] buf, int off, int len) {
        return read(buf, off, len) != NOT_FOUND;
    }

    /**
     * Reads a single SEI NAL unit (header byte at {@code off}) that holds exactly our message.
     *
     * @return captureTimeUtcMicros, or {@link #NOT_FOUND}
     */
    public static long read(byte[] buf, int off, int len) {
        if (len < 2 || (buf[off] & 0x1F) != AnnexB.NAL_SEI) {
            return NOT_FOUND;
        }
        byte[] rbsp = new byte[len];
        int n = 0;
        int zeros = 0;
        for (int i = off + 1; i < off + len; i++) {
            byte b = buf[i];
            if (zeros >= 2 && b == 3) {
                zeros = 0; // emulation_prevention_three_byte
                continue;
            }
            rbsp[n++] = b;
            zeros = b == 0 ? zeros + 1 : 0;
        }
        if (n < 2 + PAYLOAD_SIZE || rbsp[0] != PAYLOAD_TYPE_USER_DATA_UNREGISTERED || rbsp[1] != PAYLOAD_SIZE) {
            return NOT_FOUND;
        }
        for (int i = 0; i < 16; i++) {
            if (rbsp[2 + i] != UUID_BYTES[i]) {
                return NOT_FOUND;
            }
        }
        long micros = 0;
        for (int i = 0; i < 8; i++) {
            micros = (micros << 8) | (rbsp[18 + i] & 0xFF);
        }
        return micros;
    }

    private static byte[] uuidBytes() {
        byte[] out = new byte[16];
        long msb = UUID.getMostSignificantBits();
        long lsb = UUID.getLeastSignificantBits();
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (msb >>> (56 - 8 * i));
            out[8 + i] = (byte) (lsb >>> (56 - 8 * i));
        }
        return out;
    }
}
