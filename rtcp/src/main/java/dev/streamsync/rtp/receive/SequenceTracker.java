package dev.streamsync.rtp.receive;

/**
 * RTP sequence number tracking for one SSRC, after RFC 3550 Appendix A.1: 16-bit wrap into an
 * extended (cycles + seq) number, probation of a new source, large-jump detection and restart,
 * plus exact duplicate/reorder classification through a 128-packet receive window.
 *
 * <p>Thresholds are those of A.1: {@link #MIN_SEQUENTIAL} = 2 in-order packets before a source is
 * valid, {@link #MAX_DROPOUT} = 3000 (a forward jump up to this is a gap), {@link #MAX_MISORDER} =
 * 100 (a backward step up to this is a late or duplicate packet). Anything else is a "bad" jump:
 * the packet is dropped, and if the next packet continues from it the source is taken to have
 * restarted (A.1: "two sequential packets -- assume that the other side restarted without telling us").
 *
 * <p>Counters: {@link #received()} counts every accepted packet including duplicates, as A.3's
 * cumulative-loss formula expects; {@link #lost()} is expected minus distinct packets received, so
 * it shrinks when a late packet fills a gap; {@link #duplicates()} and {@link #reordered()} count
 * classified packets. A restart resets the per-source counters (A.1 {@code init_seq}).
 *
 * <p>Threading: not thread-safe; owned by the thread that receives the stream. Allocation-free.
 */
public final class SequenceTracker {
    /** Packets in sequence required before a source is valid (A.1). */
    public static final int MIN_SEQUENTIAL = 2;
    /** Largest forward jump treated as loss (A.1). */
    public static final int MAX_DROPOUT = 3000;
    /** Largest backward step treated as reordering or duplication (A.1). */
    public static final int MAX_MISORDER = 100;
    private static final int SEQ_MOD = 1 << 16;
    private static final int WINDOW = 128; // > MAX_MISORDER: every accepted late packet is inside it

    /** Classification of one packet by {@link #update}. */
    public enum Result {
        /** The next expected sequence number. */
        IN_ORDER,
        /** A forward jump of at most MAX_DROPOUT; {@link #lastGap()} packets are missing before it. */
        GAP,
        /** Late, fills an earlier gap. */
        REORDERED,
        /** Already received (within the window) — drop it. */
        DUPLICATE,
        /** Source not yet validated (A.1 probation); the packet may be used but is not counted. */
        PROBATION,
        /** A jump beyond MAX_DROPOUT/MAX_MISORDER: dropped, awaiting a second packet to confirm a restart. */
        BAD,
        /** A confirmed restart: counters were reset and this packet begins the new sequence. */
        RESTARTED
    }

    private boolean started;
    private int probation;
    private int maxSeq;
    private long cycles;
    private int baseSeq;
    private int badSeq = SEQ_MOD + 1;
    private long received;
    private long distinct;
    private long duplicates;
    private long reordered;
    private long restarts;
    private int lastGap;
    private long expectedPrior;
    private long receivedPrior;
    private long windowLow;
    private long windowHigh;

    /** Classifies the packet with sequence number {@code seq} (0..65535; higher bits are ignored). */
    public Result update(int seq) {
        seq &= 0xFFFF;
        lastGap = 0;
        if (!started) {
            // A.1 source initialisation: init_seq(seq); max_seq = seq - 1; probation = MIN_SEQUENTIAL
            started = true;
            initSeq(seq);
            maxSeq = (seq - 1) & 0xFFFF;
            probation = MIN_SEQUENTIAL;
        }
        int udelta = (seq - maxSeq) & 0xFFFF;
        if (probation > 0) {
            if (seq == ((maxSeq + 1) & 0xFFFF)) {
                probation--;
                maxSeq = seq;
                if (probation == 0) {
                    initSeq(seq);
                    accept(seq);
                    return Result.IN_ORDER;
                }
            } else {
                probation = MIN_SEQUENTIAL - 1;
                maxSeq = seq;
            }
            return Result.PROBATION;
        }
        if (udelta == 0) {
            received++;
            duplicates++;
            return Result.DUPLICATE;
        }
        if (udelta < MAX_DROPOUT) {
            if (seq < maxSeq) {
                cycles += SEQ_MOD;
            }
            advanceWindow(udelta);
            maxSeq = seq;
            accept(seq);
            if (udelta > 1) {
                lastGap = udelta - 1;
                return Result.GAP;
            }
            return Result.IN_ORDER;
        }
        if (udelta <= SEQ_MOD - MAX_MISORDER) {
            if (seq == badSeq) {
                // A.1: two sequential packets after a big jump — the sender restarted.
                initSeq(seq);
                restarts++;
                accept(seq);
                return Result.RESTARTED;
            }
            badSeq = (seq + 1) & 0xFFFF;
            return Result.BAD;
        }
        // Within MAX_MISORDER behind the highest: duplicate or late.
        received++;
        int behind = SEQ_MOD - udelta;
        long extended = extendedHighestSequence() - behind;
        if (extended < extendedBase() || isSet(behind)) {
            // Older than the first counted packet, or already seen.
            duplicates++;
            return Result.DUPLICATE;
        }
        set(behind);
        distinct++;
        reordered++;
        return Result.REORDERED;
    }

    private void initSeq(int seq) {
        baseSeq = seq;
        maxSeq = seq;
        badSeq = SEQ_MOD + 1;
        cycles = 0;
        received = 0;
        distinct = 0;
        duplicates = 0;
        reordered = 0;
        expectedPrior = 0;
        receivedPrior = 0;
        windowLow = 0;
        windowHigh = 0;
    }

    private void accept(int seq) {
        received++;
        distinct++;
        badSeq = SEQ_MOD + 1;
        set(0);
    }

    // Window bit i = "maxSeq - i was received", i in [0, 128).
    private void advanceWindow(int shift) {
        if (shift >= WINDOW) {
            windowLow = 0;
            windowHigh = 0;
        } else if (shift >= 64) {
            windowHigh = windowLow << (shift - 64);
            windowLow = 0;
        } else {
            windowHigh = (windowHigh << shift) | (windowLow >>> (64 - shift));
            windowLow <<= shift;
        }
    }

    private boolean isSet(int behind) {
        return behind < 64 ? (windowLow & (1L << behind)) != 0 : (windowHigh & (1L << (behind - 64))) != 0;
    }

    private void set(int behind) {
        if (behind < 64) {
            windowLow |= 1L << behind;
        } else {
            windowHigh |= 1L << (behind - 64);
        }
    }

    private long extendedBase() {
        return baseSeq;
    }

    /** True once the source passed probation. */
    public boolean valid() {
        return started && probation == 0;
    }

    /** Highest sequence number seen, extended by 2^16 per wrap (A.1 {@code cycles + max_seq}). */
    public long extendedHighestSequence() {
        return cycles + maxSeq;
    }

    /** Packets expected since the source became valid: highest extended minus base plus one (A.3). */
    public long expected() {
        return valid() ? extendedHighestSequence() - baseSeq + 1 : 0;
    }

    /** Accepted packets, duplicates included (the A.3 "received"). */
    public long received() {
        return received;
    }

    /** Packets never received: {@link #expected()} minus distinct packets received (never negative). */
    public long lost() {
        return Math.max(0, expected() - distinct);
    }

    /** Duplicates detected. */
    public long duplicates() {
        return duplicates;
    }

    /** Late packets that filled a gap. */
    public long reordered() {
        return reordered;
    }

    /** Confirmed source restarts (lifetime count, not reset). */
    public long restarts() {
        return restarts;
    }

    /** Missing packets before the packet for which {@link #update} last returned {@link Result#GAP}; 0 otherwise. */
    public int lastGap() {
        return lastGap;
    }

    /**
     * RFC 3550 A.3 cumulative number of packets lost (expected − received, duplicates counting as
     * received, so it may be negative), clamped to the signed 24-bit range of a report block.
     */
    public int cumulativeLostForReport() {
        long lost = expected() - received;
        return (int) Math.max(-0x80_0000L, Math.min(0x7F_FFFFL, lost));
    }

    /**
     * RFC 3550 A.3 fraction lost since the previous call, as an 8-bit fixed point number
     * (0..255), and starts a new reporting interval. Negative interval loss (duplicates) gives 0.
     */
    public int fractionLostAndStartInterval() {
        long expected = expected();
        long expectedInterval = expected - expectedPrior;
        expectedPrior = expected;
        long receivedInterval = received - receivedPrior;
        receivedPrior = received;
        long lostInterval = expectedInterval - receivedInterval;
        if (expectedInterval == 0 || lostInterval <= 0) {
            return 0;
        }
        return (int) Math.min(255, (lostInterval << 8) / expectedInterval);
    }
}
