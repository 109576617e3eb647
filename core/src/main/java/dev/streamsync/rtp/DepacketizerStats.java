package dev.streamsync.rtp;

import java.util.EnumMap;
import java.util.Map;

/**
 * Counters of one depacketizer. Written by the depacketizer's thread; other threads may read them
 * (plain longs, values may be slightly stale but never torn on 64-bit JVMs in practice).
 */
public final class DepacketizerStats {
    private final long[] drops = new long[DropReason.values().length];
    long packets;
    long payloadBytes;
    long accessUnits;
    long keyframes;
    long missingMarkers;
    long parameterSetsInserted;
    long nonVclCarriedOver;

    void countDrop(DropReason reason) {
        drops[reason.ordinal()]++;
    }

    /** Packets offered to {@code push}. */
    public long packets() { return packets; }

    /** Payload bytes offered to {@code push}. */
    public long payloadBytes() { return payloadBytes; }

    /** Access units emitted. */
    public long accessUnits() { return accessUnits; }

    /** Access units emitted with the keyframe flag. */
    public long keyframes() { return keyframes; }

    /** Units ended by an RTP timestamp change because the marker bit never came. */
    public long missingMarkers() { return missingMarkers; }

    /** Times the SDP parameter sets were put in front of a keyframe that lacked them. */
    public long parameterSetsInserted() { return parameterSetsInserted; }

    /** Times parameter sets / SEI stamped with another timestamp were carried into the next picture. */
    public long nonVclCarriedOver() { return nonVclCarriedOver; }

    /** Drops for one reason. */
    public long drops(DropReason reason) { return drops[reason.ordinal()]; }

    /** Sum of all drops. */
    public long totalDrops() {
        long sum = 0;
        for (long d : drops) {
            sum += d;
        }
        return sum;
    }

    /** A snapshot of the non-zero drop counters (allocates; for reporting). */
    public Map<DropReason, Long> dropsByReason() {
        Map<DropReason, Long> map = new EnumMap<>(DropReason.class);
        for (DropReason r : DropReason.values()) {
            if (drops[r.ordinal()] != 0) {
                map.put(r, drops[r.ordinal()]);
            }
        }
        return map;
    }

    @Override
    public String toString() {
        return "DepacketizerStats{packets=" + packets + ", bytes=" + payloadBytes + ", accessUnits=" + accessUnits
                + ", keyframes=" + keyframes + ", missingMarkers=" + missingMarkers + ", drops=" + dropsByReason() + '}';
    }
}
