package dev.streamsync.decode;

import dev.streamsync.rtp.AccessUnit;
import dev.streamsync.rtp.VideoCodec;

/**
 * Where decoding of a stream may start: at the first keyframe (H.264 IDR, H.265 IRAP) for which the
 * decoder has every parameter set (H.264 SPS and PPS; H.265 VPS, SPS and PPS). Units before it are
 * skipped: FFmpeg cannot decode them and would only log "non-existing PPS 0 referenced" or
 * "decode_slice_header error" and reject them.
 *
 * <p>Two real cases make such units come first. VLC's SDP has no {@code sprop-parameter-sets}: the
 * parameter sets come in-band with the next IDR (RFC 6184 §8.2.1 makes sprop optional). And a client
 * joining a camera that already streams to another client (GStreamer's RTSP server with shared media,
 * many IP cameras) gets P-frames up to the next IDR, up to a GOP (often 1-4 s) later.
 *
 * <p>Parameter sets in a skipped unit are not lost: the gate keeps a copy (at most
 * {@value #MAX_SAVED_BYTES} bytes), and a keyframe that comes without its own is decoded with them in
 * front ({@link Verdict#DECODE_WITH_SAVED_PARAMETER_SETS}, {@link #savedParameterSets()}). (Given
 * alone, FFmpeg's H.264 decoder stores them but answers "no frame!" and an error.)
 * Once open the gate stays open (a loss later is the {@link DegradedFramePolicy}'s business) until
 * {@link #reset()}: a new stream (end of stream, a new session) starts with a keyframe of its own.
 *
 * <p>Known limit: an H.264 stream that never sends an IDR (periodic intra refresh, starting points
 * marked only with recovery-point SEI) is not started; its session is reported as producing no picture.
 *
 * <p>Threading: not thread-safe; owned by one {@link VideoDecoder}. The scan runs only while closed
 * and allocates nothing (the saved sets live in one preallocated buffer).
 */
final class KeyframeGate {
    /** What to do with one unit. */
    enum Verdict {
        /** Decode it. */
        DECODE,
        /** Decode it with the saved parameter sets ({@link #savedParameterSets()}) in front: it has not all of its own. */
        DECODE_WITH_SAVED_PARAMETER_SETS,
        /** Skip it: no keyframe yet, or parameter sets missing. */
        SKIP
    }

    /** Bytes of parameter sets kept from skipped units; a larger set replaces the saved one. */
    static final int MAX_SAVED_BYTES = 64 * 1024;

    private static final int VPS = 1;
    private static final int SPS = 2;
    private static final int PPS = 4;

    private final VideoCodec codec;
    private final int required;
    private boolean open;
    /** Parameter-set kinds the decoder was given since the last reset. */
    private int known;
    private long skippedSinceReset;

    /** Parameter sets of skipped units, Annex B with start codes, in stream order; kinds in {@link #known}. */
    private final byte[] saved = new byte[MAX_SAVED_BYTES];
    private int savedLength;
    // Result of the last scan.
    private boolean scanKeyframe;
    private int scanParameterSets;

    KeyframeGate(VideoCodec codec) {
        this.codec = codec;
        this.required = codec == VideoCodec.H264 ? SPS | PPS : VPS | SPS | PPS;
    }

    /** Decides for {@code unit}; the unit is only read. */
    Verdict admit(AccessUnit unit) {
        if (open) {
            return Verdict.DECODE;
        }
        int savedBefore = savedLength;
        int knownBefore = known;
        scan(unit); // also saves the unit's parameter sets after the ones saved before
        if (scanKeyframe || unit.keyframe()) {
            if ((scanParameterSets & required) == required) {
                open = true;
                return Verdict.DECODE;
            }
            if (((knownBefore | scanParameterSets) & required) == required) {
                open = true;
                savedLength = savedBefore; // the unit's own sets follow the saved ones in the unit itself
                return Verdict.DECODE_WITH_SAVED_PARAMETER_SETS;
            }
        }
        if ((scanParameterSets & required) == required && savedBefore > 0) {
            // A complete set replaces the older ones (cameras repeat them): the saved bytes stay small.
            System.arraycopy(saved, savedBefore, saved, 0, savedLength - savedBefore);
            savedLength -= savedBefore;
            known = scanParameterSets;
        }
        skippedSinceReset++;
        return Verdict.SKIP;
    }

    /**
     * After {@link Verdict#DECODE_WITH_SAVED_PARAMETER_SETS}: the bytes to put in front of the unit
     * ({@link #savedLength()} of them), Annex B with start codes. Valid until the next {@link #admit}.
     */
    byte[] savedParameterSets() {
        return saved;
    }

    int savedLength() {
        return savedLength;
    }

    /** True once a keyframe with its parameter sets started the stream. */
    boolean isOpen() {
        return open;
    }

    /** Units skipped since the last {@link #reset()}. */
    long skippedSinceReset() {
        return skippedSinceReset;
    }

    /** A new stream: wait for a keyframe with its parameter sets again. */
    void reset() {
        open = false;
        known = 0;
        savedLength = 0;
        skippedSinceReset = 0;
    }

    /** Finds the keyframe and parameter-set NAL units of an Annex B unit (ITU-T H.264 7.4.1.2, H.265 7.4.2.2). */
    private void scan(AccessUnit unit) {
        scanKeyframe = false;
        scanParameterSets = 0;
        byte[] data = unit.data();
        int length = unit.length();
        int nalStart = -1; // offset of the current NAL unit's start code
        int header = -1; // offset of its header
        int i = 0;
        while (i + 2 < length) {
            if (data[i] == 0 && data[i + 1] == 0 && data[i + 2] == 1) {
                int codeStart = i > 0 && data[i - 1] == 0 ? i - 1 : i;
                if (header >= 0) {
                    classify(data, nalStart, header, codeStart);
                }
                nalStart = codeStart;
                header = i + 3;
                i += 3;
            } else {
                i++;
            }
        }
        if (header >= 0) {
            classify(data, nalStart, header, length);
        }
    }

    private void classify(byte[] data, int nalStart, int header, int end) {
        if (header >= end) {
            return;
        }
        int kind = 0;
        if (codec == VideoCodec.H264) {
            int type = data[header] & 0x1f;
            if (type == 5) {
                scanKeyframe = true; // coded slice of an IDR picture
            } else if (type == 7) {
                kind = SPS;
            } else if (type == 8) {
                kind = PPS;
            }
        } else {
            int type = (data[header] >> 1) & 0x3f;
            if (type >= 16 && type <= 21) {
                scanKeyframe = true; // BLA, IDR, CRA: intra random access point
            } else if (type == 32) {
                kind = VPS;
            } else if (type == 33) {
                kind = SPS;
            } else if (type == 34) {
                kind = PPS;
            }
        }
        if (kind != 0) {
            scanParameterSets |= kind;
            save(data, nalStart, end - nalStart, kind);
        }
    }

    /** Keeps a parameter set of the unit being scanned; a set that does not fit starts the saved ones anew. */
    private void save(byte[] data, int offset, int length, int kind) {
        if (length > MAX_SAVED_BYTES) {
            return; // no parameter set is that large (an SPS is at most a few hundred bytes); not kept
        }
        if (savedLength + length > MAX_SAVED_BYTES) {
            savedLength = 0;
            known = 0;
        }
        System.arraycopy(data, offset, saved, savedLength, length);
        savedLength += length;
        known |= kind;
    }
}
