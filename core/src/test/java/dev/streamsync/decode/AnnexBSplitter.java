package dev.streamsync.decode;

import dev.streamsync.rtp.VideoCodec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Test-only: splits an Annex B byte stream into access units by the first-VCL-NAL rules of H.264
 * 7.4.1.2.3 (a new unit starts at an AUD, SEI, SPS, PPS or NAL types 14..18 after a VCL NAL, or at a
 * slice with first_mb_in_slice = 0) and H.265 7.4.2.4.4 (VPS, SPS, PPS, AUD, prefix SEI, or a slice
 * segment with first_slice_segment_in_pic_flag = 1). Enough for single-layer encoder output.
 */
final class AnnexBSplitter {
    static final class Unit {
        final byte[] bytes;
        final boolean keyframe;

        Unit(byte[] bytes, boolean keyframe) {
            this.bytes = bytes;
            this.keyframe = keyframe;
        }
    }

    private AnnexBSplitter() {
    }

    static List<Unit> split(byte[] s, VideoCodec codec) {
        List<Integer> starts = new ArrayList<>(); // offset of each start code (00 00 01, with a leading 00 if present)
        List<Integer> payloads = new ArrayList<>(); // offset of each NAL header
        for (int i = 0; i + 2 < s.length; i++) {
            if (s[i] == 0 && s[i + 1] == 0 && s[i + 2] == 1) {
                starts.add(i > 0 && s[i - 1] == 0 ? i - 1 : i);
                payloads.add(i + 3);
                i += 2;
            }
        }
        List<Unit> units = new ArrayList<>();
        int unitStart = -1;
        boolean seenVcl = false;
        boolean key = false;
        for (int n = 0; n < payloads.size(); n++) {
            int p = payloads.get(n);
            if (p + 2 >= s.length) {
                break;
            }
            boolean vcl;
            boolean firstSliceOfPicture;
            boolean startsUnitIfAfterVcl;
            boolean irap;
            if (codec == VideoCodec.H264) {
                int type = s[p] & 0x1f;
                vcl = type >= 1 && type <= 5;
                firstSliceOfPicture = vcl && (s[p + 1] & 0x80) != 0; // ue(v) first_mb_in_slice == 0
                startsUnitIfAfterVcl = type == 6 || type == 7 || type == 8 || type == 9 || (type >= 14 && type <= 18);
                irap = type == 5;
            } else {
                int type = (s[p] >> 1) & 0x3f;
                vcl = type <= 31;
                firstSliceOfPicture = vcl && (s[p + 2] & 0x80) != 0; // first_slice_segment_in_pic_flag
                startsUnitIfAfterVcl = (type >= 32 && type <= 35) || type == 39 || (type >= 41 && type <= 44)
                        || (type >= 48 && type <= 55);
                irap = type >= 16 && type <= 21;
            }
            boolean boundary = unitStart >= 0 && seenVcl && (startsUnitIfAfterVcl || firstSliceOfPicture);
            if (boundary) {
                units.add(new Unit(Arrays.copyOfRange(s, unitStart, starts.get(n)), key));
                unitStart = -1;
                seenVcl = false;
                key = false;
            }
            if (unitStart < 0) {
                unitStart = starts.get(n);
            }
            seenVcl |= vcl;
            key |= irap;
        }
        if (unitStart >= 0) {
            units.add(new Unit(Arrays.copyOfRange(s, unitStart, s.length), key));
        }
        return units;
    }
}
