package dev.streamsync.sim.h264;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * H.264 Annex B byte streams (ITU-T H.264 Annex B): NAL units separated by start codes
 * {@code 00 00 01} or {@code 00 00 00 01}.
 *
 * <p>Threading: stateless and thread-safe.
 */
public final class AnnexB {

    /** NAL unit type of a non-IDR coded slice (H.264 Table 7-1). */
    public static final int NAL_SLICE = 1;
    /** NAL unit type of an IDR coded slice. */
    public static final int NAL_IDR = 5;
    /** NAL unit type of supplemental enhancement information. */
    public static final int NAL_SEI = 6;
    /** NAL unit type of a sequence parameter set. */
    public static final int NAL_SPS = 7;
    /** NAL unit type of a picture parameter set. */
    public static final int NAL_PPS = 8;
    /** NAL unit type of an access unit delimiter. */
    public static final int NAL_AUD = 9;

    private static final byte[] START_CODE = {0, 0, 0, 1};

    private AnnexB() {
    }

    /** One NAL unit inside a byte array: {@code offset} is its header byte, {@code length} excludes the start code. */
    public record Nal(int offset, int length, int type) {
    }

    /**
     * Splits {@code len} bytes at {@code off} into NAL units. Bytes before the first start code are
     * ignored; trailing zero bytes of a NAL unit (trailing_zero_8bits) are not part of it.
     */
    public static List<Nal> split(byte[] buf, int off, int len) {
        List<Nal> nals = new ArrayList<>();
        int end = off + len;
        int start = -1;
        int i = off;
        while (i + 2 < end) {
            if (buf[i] == 0 && buf[i + 1] == 0 && buf[i + 2] == 1) {
                if (start >= 0) {
                    add(nals, buf, start, i);
                }
                start = i + 3;
                i += 3;
            } else {
                i++;
            }
        }
        if (start >= 0) {
            add(nals, buf, start, end);
        }
        return nals;
    }

    private static void add(List<Nal> nals, byte[] buf, int start, int end) {
        int e = end;
        while (e > start && buf[e - 1] == 0) {
            e--; // the zero of a 4-byte start code, or trailing_zero_8bits
        }
        if (e > start) {
            nals.add(new Nal(start, e - start, buf[start] & 0x1F));
        }
    }

    /** Whether the access unit holds an IDR slice. */
    public static boolean containsIdr(byte[] au) {
        for (Nal nal : split(au, 0, au.length)) {
            if (nal.type() == NAL_IDR) {
                return true;
            }
        }
        return false;
    }

    /** The bytes of the first NAL unit of {@code type}, without start code, or null if there is none. */
    public static byte[] first(byte[] au, int type) {
        for (Nal nal : split(au, 0, au.length)) {
            if (nal.type() == type) {
                byte[] out = new byte[nal.length()];
                System.arraycopy(au, nal.offset(), out, 0, nal.length());
                return out;
            }
        }
        return null;
    }

    /**
     * Rebuilds an access unit: drops its SEI NAL units whose payload is ours (see
     * {@link CaptureTimeSei#isCaptureTimeSei}), puts {@code sps}/{@code pps} before an IDR slice when
     * the unit has none, and inserts {@code sei} (a NAL unit without start code; null for none)
     * before the first slice, as H.264 7.4.1.2.3 orders SEI before the primary coded picture.
     */
    public static byte[] rebuild(byte[] au, byte[] sps, byte[] pps, byte[] sei) {
        List<Nal> nals = split(au, 0, au.length);
        boolean hasSps = false;
        boolean hasIdr = false;
        for (Nal nal : nals) {
            hasSps |= nal.type() == NAL_SPS;
            hasIdr |= nal.type() == NAL_IDR;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(au.length + 64);
        boolean inserted = false;
        for (Nal nal : nals) {
            if (nal.type() == NAL_SEI && CaptureTimeSei.isCaptureTimeSei(au, nal.offset(), nal.length())) {
                continue;
            }
            boolean slice = nal.type() == NAL_SLICE || nal.type() == NAL_IDR;
            if (slice && !inserted) {
                if (hasIdr && !hasSps && sps != null && pps != null) {
                    writeNal(out, sps, 0, sps.length);
                    writeNal(out, pps, 0, pps.length);
                }
                if (sei != null) {
                    writeNal(out, sei, 0, sei.length);
                }
                inserted = true;
            }
            writeNal(out, au, nal.offset(), nal.length());
        }
        return out.toByteArray();
    }

    private static void writeNal(ByteArrayOutputStream out, byte[] buf, int off, int len) {
        out.write(START_CODE, 0, START_CODE.length);
        out.write(buf, off, len);
    }
}
