package dev.streamsync.rtp;

import java.util.Objects;

/**
 * Access-unit assembly shared by the H.264 and H.265 depacketizers: sequence-gap handling, access
 * unit boundaries (marker bit, RTP timestamp change), fragment state, size limit, keyframe flag and
 * parameter sets from the SDP. Subclasses only parse their payload format and call
 * {@link #addNalUnit}, {@link #beginFragment}, {@link #appendFragment} (its {@code last} piece ends
 * the fragment) and {@link #damage}.
 *
 * <p>Memory: NAL units are copied into one reusable "building" {@link AccessUnit}; a completed unit is
 * swapped (not copied) with a second "ready" instance that is handed to the sink. No allocation per
 * packet in steady state.
 *
 * <p>Threading: not thread-safe, one thread per instance.
 */
public abstract class NalUnitDepacketizer implements Depacketizer {

    /** {@link #classify} flag: a VCL NAL unit (coded slice data). */
    protected static final int VCL = 1;
    /** {@link #classify} flag: a NAL unit of a keyframe (H.264 IDR, H.265 IRAP). */
    protected static final int KEY = 2;
    /** {@link #classify} flag: a parameter set (SPS, PPS, VPS). */
    protected static final int PARAMETER_SET = 4;

    private final VideoCodec codec;
    private final int maxAccessUnitBytes;
    private final AccessUnitSink sink;
    private final byte[][] sdpParameterSets;
    private final DepacketizerStats stats = new DepacketizerStats();

    private AccessUnit building;
    private AccessUnit ready;
    private boolean buildingOpen;
    private long buildingRtpTimestamp;
    private boolean buildingHasVcl;
    private boolean buildingKeyframe;
    private boolean buildingHasParameterSets;
    private boolean fragmentOpen;
    private boolean sawInBandParameterSets;

    private boolean expectingSequence;
    private int expectedSequence;
    private boolean lossPending;
    private boolean skipping;
    private long skipRtpTimestamp;

    private DropReason lastDropReason;
    private boolean droppedThisPush;
    private boolean emittedThisPush;
    private boolean packetFailed;
    private long currentArrivalNanos;
    private long currentRtpTimestamp;
    private boolean currentMarker;

    /**
     * @param codec              codec written into every unit
     * @param maxAccessUnitBytes limit of one unit in bytes; a larger unit is dropped with {@link DropReason#ACCESS_UNIT_TOO_LARGE}
     * @param parameterSets      parameter sets from the SDP (NAL units without start codes, in the order they
     *                           must appear), put in front of keyframes until the stream sends its own; may be empty
     * @param sink               receives completed units
     */
    protected NalUnitDepacketizer(VideoCodec codec, int maxAccessUnitBytes, byte[][] parameterSets, AccessUnitSink sink) {
        if (maxAccessUnitBytes < 1024) {
            throw new IllegalArgumentException("maxAccessUnitBytes must be at least 1024: " + maxAccessUnitBytes);
        }
        this.codec = Objects.requireNonNull(codec, "codec");
        this.maxAccessUnitBytes = maxAccessUnitBytes;
        this.sdpParameterSets = parameterSets == null ? new byte[0][] : parameterSets.clone();
        this.sink = Objects.requireNonNull(sink, "sink");
        int initial = Math.min(maxAccessUnitBytes, 256 * 1024);
        this.building = new AccessUnit(initial).codec(codec);
        this.ready = new AccessUnit(initial).codec(codec);
    }

    @Override
    public final PushResult push(byte[] payload, int offset, int length, int sequenceNumber, long rtpTimestamp,
                                 boolean marker, long arrivalNanos) {
        stats.packets++;
        stats.payloadBytes += Math.max(0, length);
        droppedThisPush = false;
        emittedThisPush = false;
        currentArrivalNanos = arrivalNanos;
        currentRtpTimestamp = rtpTimestamp;
        currentMarker = marker;
        int seq = sequenceNumber & 0xFFFF;

        if (expectingSequence) {
            int delta = (short) (seq - expectedSequence);
            if (delta < 0) {
                // Older than the last packet: a duplicate or a packet reordered past the receiver's window.
                // Nothing is reset; the unit being built stays intact.
                countDrop(DropReason.STALE_PACKET);
                return result();
            }
            if (delta > 0) {
                expectedSequence = (seq + 1) & 0xFFFF;
                // Loss. The lost packets belong to the unit being built and/or to the unit of this
                // packet; neither can be trusted, so both are dropped and the next unit carries lossBefore.
                discardBuilding();
                lossPending = true;
                skipping = !marker;
                skipRtpTimestamp = rtpTimestamp;
                countDrop(DropReason.SEQUENCE_GAP);
                return result();
            }
        }
        expectingSequence = true;
        expectedSequence = (seq + 1) & 0xFFFF;

        if (skipping) {
            if (rtpTimestamp == skipRtpTimestamp) {
                countDrop(DropReason.DAMAGED_UNIT);
                if (marker) {
                    skipping = false;
                }
                return result();
            }
            skipping = false;
        }

        if (buildingOpen && rtpTimestamp != buildingRtpTimestamp) {
            if (fragmentOpen) {
                damage(DropReason.FRAGMENT_INTERRUPTED);
                // The new packet starts a new unit; continue with it below.
                skipping = false;
            } else if (buildingHasVcl) {
                // Quirk: the marker bit of the last packet never came (some cameras never set it, or
                // that packet was the one carrying it and the sender forgot). RFC 6184 §5.1 / RFC 7798
                // §4.1: packets of one access unit share one timestamp, so a new timestamp ends the unit.
                stats.missingMarkers++;
                emit();
            } else {
                // Quirk: SPS/PPS/SEI stamped with another timestamp than the picture they precede
                // (seen on several IP cameras, and on encoders stamping parameter sets with 0).
                // They are carried into the next picture instead of becoming a unit without a slice.
                stats.nonVclCarriedOver++;
                buildingRtpTimestamp = rtpTimestamp;
            }
        }
        if (!buildingOpen) {
            openBuilding(rtpTimestamp);
        }

        if (length <= 0) {
            damage(DropReason.MALFORMED);
            return result();
        }
        packetFailed = false;
        depacketize(payload, offset, length);
        if (packetFailed) {
            return result();
        }

        if (marker && buildingOpen) {
            if (fragmentOpen) {
                // Marker on a fragment that is not the end fragment: the sender broke RFC 6184 §5.8.
                damage(DropReason.FRAGMENT_INTERRUPTED);
            } else if (buildingHasVcl) {
                emit();
            }
            // Marker on a unit with only parameter sets / SEI: keep them for the next picture.
        }
        return result();
    }

    private PushResult result() {
        if (droppedThisPush) {
            return PushResult.DROPPED;
        }
        return emittedThisPush ? PushResult.EMITTED : PushResult.NEED_MORE;
    }

    /** Parses one payload of the codec's RTP payload format. Never throws on bad input: calls {@link #damage}. */
    protected abstract void depacketize(byte[] payload, int offset, int length);

    /** The NAL unit type from the NAL unit header starting at {@code offset}. */
    protected abstract int nalType(byte[] nal, int offset);

    /** Flags {@link #VCL}, {@link #KEY}, {@link #PARAMETER_SET} for a NAL unit type. */
    protected abstract int classify(int nalType);

    /** Appends one complete NAL unit (header included). */
    protected final void addNalUnit(byte[] buf, int offset, int length) {
        if (fragmentOpen) {
            damage(DropReason.FRAGMENT_INTERRUPTED);
            return;
        }
        if (length < headerLength()) {
            damage(DropReason.MALFORMED);
            return;
        }
        if (!startNal(nalType(buf, offset), length)) {
            return;
        }
        building.append(buf, offset, length);
    }

    /** Starts a fragmented NAL unit with its reconstructed header. */
    protected final void beginFragment(byte[] header, int headerOffset, int headerLength) {
        if (fragmentOpen) {
            damage(DropReason.FRAGMENT_INTERRUPTED);
            return;
        }
        if (!startNal(nalType(header, headerOffset), headerLength)) {
            return;
        }
        building.append(header, headerOffset, headerLength);
        fragmentOpen = true;
    }

    /** Appends bytes to the open fragmented NAL unit; {@code last} closes it. */
    protected final void appendFragment(byte[] buf, int offset, int length, boolean last) {
        if (!fragmentOpen) {
            damage(DropReason.FRAGMENT_WITHOUT_START);
            return;
        }
        if (building.length() + (long) length > maxAccessUnitBytes) {
            damage(DropReason.ACCESS_UNIT_TOO_LARGE);
            return;
        }
        building.append(buf, offset, length);
        if (last) {
            fragmentOpen = false;
        }
    }

    /** True when {@link #damage} or {@link #skipPacket} was called for the current packet: stop parsing it. */
    protected final boolean failedThisPacket() {
        return packetFailed;
    }

    /** True while a fragmented NAL unit is open. */
    protected final boolean fragmentOpen() {
        return fragmentOpen;
    }

    /** Length of this codec's NAL unit header in bytes (1 for H.264, 2 for H.265). */
    protected abstract int headerLength();

    private boolean startNal(int type, int firstChunkLength) {
        int kind = classify(type);
        if ((kind & PARAMETER_SET) != 0) {
            buildingHasParameterSets = true;
            sawInBandParameterSets = true;
        }
        boolean key = (kind & KEY) != 0;
        if (key && !buildingHasParameterSets && !sawInBandParameterSets && sdpParameterSets.length > 0) {
            // The stream carries its parameter sets only in the SDP (RFC 6184 §8.2.1 sprop-parameter-sets,
            // RFC 7798 §7.1 sprop-vps/sps/pps): put them in front of the keyframe's first slice so the
            // unit decodes on its own. Stops once the stream sends its own, which may be newer.
            for (byte[] ps : sdpParameterSets) {
                if (building.length() + 4L + ps.length > maxAccessUnitBytes) {
                    damage(DropReason.ACCESS_UNIT_TOO_LARGE);
                    return false;
                }
                building.appendStartCode().append(ps, 0, ps.length);
            }
            buildingHasParameterSets = true;
            stats.parameterSetsInserted++;
        }
        if (building.length() + 4L + firstChunkLength > maxAccessUnitBytes) {
            damage(DropReason.ACCESS_UNIT_TOO_LARGE);
            return false;
        }
        building.appendStartCode();
        if ((kind & VCL) != 0) {
            buildingHasVcl = true;
        }
        if (key) {
            buildingKeyframe = true;
        }
        return true;
    }

    /**
     * Discards the unit being built because of {@code reason}; the rest of the packets with the current
     * RTP timestamp are skipped (unless this packet had the marker bit) and the next unit carries
     * {@code lossBefore}.
     */
    protected final void damage(DropReason reason) {
        discardBuilding();
        lossPending = true;
        skipping = !currentMarker;
        skipRtpTimestamp = currentRtpTimestamp;
        countDrop(reason);
    }

    /**
     * Skips one packet of a type this depacketizer does not handle without discarding the unit; the
     * next unit carries {@code lossBefore} because the packet's content is missing from it.
     */
    protected final void skipPacket(DropReason reason) {
        lossPending = true;
        countDrop(reason);
        packetFailed = false;
    }

    private void countDrop(DropReason reason) {
        stats.countDrop(reason);
        lastDropReason = reason;
        droppedThisPush = true;
        packetFailed = true;
    }

    private void openBuilding(long rtpTimestamp) {
        building.reset();
        building.codec(codec);
        buildingOpen = true;
        buildingRtpTimestamp = rtpTimestamp;
        buildingHasVcl = false;
        buildingKeyframe = false;
        buildingHasParameterSets = false;
        fragmentOpen = false;
    }

    private void discardBuilding() {
        building.reset();
        buildingOpen = false;
        buildingHasVcl = false;
        buildingKeyframe = false;
        buildingHasParameterSets = false;
        fragmentOpen = false;
    }

    private void emit() {
        AccessUnit unit = building;
        unit.codec(codec)
                .rtpTimestamp(buildingRtpTimestamp)
                .keyframe(buildingKeyframe)
                .lossBefore(lossPending)
                .arrivalNanos(currentArrivalNanos);
        building = ready;
        ready = unit;
        buildingOpen = false;
        buildingHasVcl = false;
        buildingKeyframe = false;
        buildingHasParameterSets = false;
        fragmentOpen = false;
        building.reset();
        lossPending = false;
        stats.accessUnits++;
        if (unit.keyframe()) {
            stats.keyframes++;
        }
        emittedThisPush = true;
        sink.onAccessUnit(unit);
    }

    @Override
    public final DropReason lastDropReason() {
        return lastDropReason;
    }

    @Override
    public final void reset() {
        discardBuilding();
        expectingSequence = false;
        skipping = false;
        lossPending = true;
    }

    @Override
    public final DepacketizerStats stats() {
        return stats;
    }

    @Override
    public final VideoCodec codec() {
        return codec;
    }

    /** Maximum size of one access unit in bytes. */
    public final int maxAccessUnitBytes() {
        return maxAccessUnitBytes;
    }

    /**
     * Checks internal invariants; used by fuzz tests after every push. Throws {@link IllegalStateException}
     * when one is broken.
     */
    public final void checkInvariants() {
        if (building.length() > maxAccessUnitBytes || ready.length() > maxAccessUnitBytes) {
            throw new IllegalStateException("access unit above limit: " + building.length() + "/" + ready.length());
        }
        if (!buildingOpen && building.length() != 0) {
            throw new IllegalStateException("closed unit holds " + building.length() + " bytes");
        }
        if (fragmentOpen && !buildingOpen) {
            throw new IllegalStateException("fragment open without a unit");
        }
        if (building == ready) {
            throw new IllegalStateException("building and ready unit are the same object");
        }
    }
}
