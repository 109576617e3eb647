package dev.streamsync.decode;

import dev.streamsync.picture.Picture;

import java.util.concurrent.atomic.AtomicLongFieldUpdater;

/**
 * Counters of one decoder (and its stage). Every counter only grows. Readable from any thread;
 * values are individually up to date, not a consistent snapshot.
 */
public final class DecoderStats {
    private static final AtomicLongFieldUpdater<DecoderStats> ACCESS_UNITS =
            AtomicLongFieldUpdater.newUpdater(DecoderStats.class, "accessUnits");
    private static final AtomicLongFieldUpdater<DecoderStats> PICTURES =
            AtomicLongFieldUpdater.newUpdater(DecoderStats.class, "pictures");
    private static final AtomicLongFieldUpdater<DecoderStats> DEGRADED_DELIVERED =
            AtomicLongFieldUpdater.newUpdater(DecoderStats.class, "degradedDelivered");
    private static final AtomicLongFieldUpdater<DecoderStats> DROPPED_DAMAGED =
            AtomicLongFieldUpdater.newUpdater(DecoderStats.class, "droppedDamaged");
    private static final AtomicLongFieldUpdater<DecoderStats> DECODE_ERRORS =
            AtomicLongFieldUpdater.newUpdater(DecoderStats.class, "decodeErrors");
    private static final AtomicLongFieldUpdater<DecoderStats> DROPPED_BEHIND =
            AtomicLongFieldUpdater.newUpdater(DecoderStats.class, "droppedDecoderBehind");
    private static final AtomicLongFieldUpdater<DecoderStats> DROPPED_NO_PICTURE =
            AtomicLongFieldUpdater.newUpdater(DecoderStats.class, "droppedNoFreePicture");
    private static final AtomicLongFieldUpdater<DecoderStats> SKIPPED_BEFORE_KEYFRAME =
            AtomicLongFieldUpdater.newUpdater(DecoderStats.class, "skippedBeforeKeyframe");
    private static final AtomicLongFieldUpdater<DecoderStats> SINK_ERRORS =
            AtomicLongFieldUpdater.newUpdater(DecoderStats.class, "sinkErrors");
    private static final AtomicLongFieldUpdater<DecoderStats> CONVERSION_ERRORS =
            AtomicLongFieldUpdater.newUpdater(DecoderStats.class, "conversionErrors");
    private static final AtomicLongFieldUpdater<DecoderStats> EXTRA_RELEASES =
            AtomicLongFieldUpdater.newUpdater(DecoderStats.class, "extraReleases");
    private static final AtomicLongFieldUpdater<DecoderStats> PICTURES_CREATED =
            AtomicLongFieldUpdater.newUpdater(DecoderStats.class, "picturesCreated");
    private static final AtomicLongFieldUpdater<DecoderStats> VIEW_BYTES =
            AtomicLongFieldUpdater.newUpdater(DecoderStats.class, "viewBytes");

    private volatile long accessUnits;
    private volatile long pictures;
    private volatile long degradedDelivered;
    private volatile long droppedDamaged;
    private volatile long decodeErrors;
    private volatile long droppedDecoderBehind;
    private volatile long droppedNoFreePicture;
    private volatile long skippedBeforeKeyframe;
    private volatile long sinkErrors;
    private volatile long conversionErrors;
    private volatile long extraReleases;
    private volatile long picturesCreated;
    private volatile long viewBytes;

    /** Access units given to the decoder. */
    public long accessUnits() { return accessUnits; }

    /** Pictures delivered to the sink (good and degraded). */
    public long pictures() { return pictures; }

    /** Pictures delivered with {@link Picture#degraded()} true. */
    public long degradedDelivered() { return degradedDelivered; }

    /** Pictures dropped as {@link DropReason#DAMAGED_REFERENCE}. */
    public long droppedDamaged() { return droppedDamaged; }

    /** Errors returned by FFmpeg (each rejected unit or failed receive counts once). */
    public long decodeErrors() { return decodeErrors; }

    /** Units dropped because the decoder thread was behind ({@link DropReason#DECODER_BEHIND}). */
    public long droppedDecoderBehind() { return droppedDecoderBehind; }

    /** Pictures dropped because the pool was exhausted ({@link DropReason#NO_FREE_PICTURE}). */
    public long droppedNoFreePicture() { return droppedNoFreePicture; }

    /**
     * Units skipped because the stream had not started yet: they came before its first keyframe with
     * its parameter sets (a mid-GOP join; parameter sets only in-band and not yet seen). Not decoded,
     * not reported to the sink, no read errors. Counted again for each new stream (session).
     */
    public long skippedBeforeKeyframe() { return skippedBeforeKeyframe; }

    /** Exceptions thrown by the sink, or by anything else on a stage's decoder thread (caught; decoding went on). */
    public long sinkErrors() { return sinkErrors; }

    /** Failed pixel-format conversions ({@link Picture#view}). */
    public long conversionErrors() { return conversionErrors; }

    /** Releases of a picture whose count was already zero: bugs in the caller, ignored. */
    public long extraReleases() { return extraReleases; }

    /**
     * Pictures the decoder's pool has created: the most that were alive at once (each keeps a
     * decoded frame of FFmpeg's buffer pool while held). Not a counter of deliveries.
     */
    public long picturesCreated() { return picturesCreated; }

    /**
     * Native bytes held now by converted views (BGR24 and the other formats) of pooled pictures; a
     * gauge, not a counter: it falls when idle pictures' view buffers are trimmed or freed.
     */
    public long viewBytes() { return viewBytes; }

    void addAccessUnit() { ACCESS_UNITS.incrementAndGet(this); }
    void addPicture() { PICTURES.incrementAndGet(this); }
    void addDegradedDelivered() { DEGRADED_DELIVERED.incrementAndGet(this); }
    void addDroppedDamaged() { DROPPED_DAMAGED.incrementAndGet(this); }
    void addDecodeError() { DECODE_ERRORS.incrementAndGet(this); }
    void addDroppedDecoderBehind() { DROPPED_BEHIND.incrementAndGet(this); }
    void addDroppedNoFreePicture() { DROPPED_NO_PICTURE.incrementAndGet(this); }
    void addSkippedBeforeKeyframe() { SKIPPED_BEFORE_KEYFRAME.incrementAndGet(this); }
    void addSinkError() { SINK_ERRORS.incrementAndGet(this); }
    void addConversionError() { CONVERSION_ERRORS.incrementAndGet(this); }
    void addExtraRelease() { EXTRA_RELEASES.incrementAndGet(this); }
    void addPictureCreated() { PICTURES_CREATED.incrementAndGet(this); }
    void addViewBytes(long delta) { VIEW_BYTES.addAndGet(this, delta); }

    @Override
    public String toString() {
        return "DecoderStats{accessUnits=" + accessUnits + ", pictures=" + pictures
                + ", degradedDelivered=" + degradedDelivered + ", droppedDamaged=" + droppedDamaged
                + ", decodeErrors=" + decodeErrors + ", droppedDecoderBehind=" + droppedDecoderBehind
                + ", droppedNoFreePicture=" + droppedNoFreePicture + ", skippedBeforeKeyframe=" + skippedBeforeKeyframe
                + ", sinkErrors=" + sinkErrors
                + ", conversionErrors=" + conversionErrors + ", extraReleases=" + extraReleases
                + ", picturesCreated=" + picturesCreated + ", viewBytes=" + viewBytes + '}';
    }
}
