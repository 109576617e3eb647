package dev.streamsync.rtp;

import java.util.Arrays;

/**
 * One compressed picture (access unit) in Annex B byte-stream form (start code {@code 00 00 00 01}
 * before every NAL unit), as produced by a depacketizer and consumed by a decoder.
 *
 * <p>Ownership and threading: an instance is owned by exactly one thread at a time. A depacketizer
 * reuses one instance for every unit it emits; the unit it hands to a listener is valid only for the
 * duration of that call, so a consumer on another thread copies it ({@link #copyFrom}) into a slot
 * of its own (for example a preallocated ring slot).
 */
public final class AccessUnit {
    private VideoCodec codec;
    private byte[] data;
    private int length;
    private long rtpTimestamp;
    private boolean keyframe;
    private boolean lossBefore;
    private long arrivalNanos;

    /** Creates a unit with the given initial capacity in bytes; the buffer grows on demand. */
    public AccessUnit(int initialCapacityBytes) {
        this.data = new byte[Math.max(16, initialCapacityBytes)];
    }

    /** Clears content and flags, keeping the buffer for reuse. */
    public AccessUnit reset() {
        length = 0;
        rtpTimestamp = 0;
        keyframe = false;
        lossBefore = false;
        arrivalNanos = 0;
        return this;
    }

    /** Appends bytes, growing the buffer when needed. The caller enforces any size limit first. */
    public AccessUnit append(byte[] src, int offset, int count) {
        ensureCapacity(length + count);
        System.arraycopy(src, offset, data, length, count);
        length += count;
        return this;
    }

    /** Appends an Annex B four-byte start code. */
    public AccessUnit appendStartCode() {
        ensureCapacity(length + 4);
        data[length] = 0;
        data[length + 1] = 0;
        data[length + 2] = 0;
        data[length + 3] = 1;
        length += 4;
        return this;
    }

    /** Appends one byte. */
    public AccessUnit appendByte(int b) {
        ensureCapacity(length + 1);
        data[length++] = (byte) b;
        return this;
    }

    /** Copies content and metadata from {@code other} into this unit. */
    public AccessUnit copyFrom(AccessUnit other) {
        ensureCapacity(other.length);
        System.arraycopy(other.data, 0, data, 0, other.length);
        length = other.length;
        codec = other.codec;
        rtpTimestamp = other.rtpTimestamp;
        keyframe = other.keyframe;
        lossBefore = other.lossBefore;
        arrivalNanos = other.arrivalNanos;
        return this;
    }

    private void ensureCapacity(int needed) {
        if (needed > data.length) {
            data = Arrays.copyOf(data, Math.max(needed, data.length * 2));
        }
    }

    /** The backing array; bytes {@code [0, length())} are the unit. */
    public byte[] data() { return data; }

    /** Number of valid bytes in {@link #data()}. */
    public int length() { return length; }

    public VideoCodec codec() { return codec; }

    public AccessUnit codec(VideoCodec codec) { this.codec = codec; return this; }

    /** RTP timestamp of this unit, unwrapped to 64 bits (see {@code RtpTimestampUnwrapper}), in units of the stream's clock rate. */
    public long rtpTimestamp() { return rtpTimestamp; }

    public AccessUnit rtpTimestamp(long rtpTimestamp) { this.rtpTimestamp = rtpTimestamp; return this; }

    /** True when the unit contains an IDR picture (H.264) or an IRAP picture (H.265). */
    public boolean keyframe() { return keyframe; }

    public AccessUnit keyframe(boolean keyframe) { this.keyframe = keyframe; return this; }

    /**
     * True when packets were lost between the previous emitted unit and this one: the decoder's
     * reference pictures may be damaged until the next keyframe.
     */
    public boolean lossBefore() { return lossBefore; }

    public AccessUnit lossBefore(boolean lossBefore) { this.lossBefore = lossBefore; return this; }

    /** {@link System#nanoTime()} when the last packet of this unit arrived. */
    public long arrivalNanos() { return arrivalNanos; }

    public AccessUnit arrivalNanos(long arrivalNanos) { this.arrivalNanos = arrivalNanos; return this; }

    @Override
    public String toString() {
        return "AccessUnit{" + codec + ", " + length + " B, rtp=" + rtpTimestamp
                + (keyframe ? ", key" : "") + (lossBefore ? ", lossBefore" : "") + '}';
    }
}
