package dev.streamsync.rtp.receive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamsync.rtp.receive.SequenceTracker.Result;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class SequenceTrackerTest {
    private final SequenceTracker tracker = new SequenceTracker();

    @Test
    void newSourceIsOnProbationUntilTwoSequentialPackets() {
        assertEquals(Result.PROBATION, tracker.update(500));
        assertFalse(tracker.valid());
        assertEquals(Result.IN_ORDER, tracker.update(501));
        assertTrue(tracker.valid());
        assertEquals(1, tracker.received());
        assertEquals(501, tracker.extendedHighestSequence());
    }

    @Test
    void wrapsAt65536IntoTheExtendedSequence() {
        tracker.update(65534);
        tracker.update(65535);
        assertEquals(Result.IN_ORDER, tracker.update(0));
        assertEquals(Result.IN_ORDER, tracker.update(1));
        assertEquals(65536 + 1, tracker.extendedHighestSequence());
        assertEquals(0, tracker.lost());
    }

    @Test
    void reportsGapSizeAndLateArrivalFillsIt() {
        tracker.update(10);
        tracker.update(11);
        assertEquals(Result.GAP, tracker.update(15));
        assertEquals(3, tracker.lastGap());
        assertEquals(3, tracker.lost());
        assertEquals(Result.REORDERED, tracker.update(13));
        assertEquals(2, tracker.lost());
        assertEquals(Result.DUPLICATE, tracker.update(13));
        assertEquals(Result.DUPLICATE, tracker.update(15));
        assertEquals(1, tracker.reordered());
        assertEquals(2, tracker.duplicates());
    }

    @Test
    void largeJumpTwiceInARowIsASourceRestart() {
        tracker.update(100);
        tracker.update(101);
        tracker.update(102);
        assertEquals(Result.BAD, tracker.update(40_000));
        assertEquals(Result.IN_ORDER, tracker.update(103)); // a single stray packet is ignored
        assertEquals(Result.BAD, tracker.update(40_000));
        assertEquals(Result.RESTARTED, tracker.update(40_001));
        assertEquals(1, tracker.restarts());
        assertEquals(40_001, tracker.extendedHighestSequence());
        assertEquals(1, tracker.received());
        assertEquals(Result.IN_ORDER, tracker.update(40_002));
    }

    @Test
    void fractionLostFollowsRfc3550A3PerInterval() {
        tracker.update(0);
        tracker.update(1); // base
        tracker.update(2);
        tracker.update(5); // 3, 4 lost: expected 5, received 3
        assertEquals((2 << 8) / 5, tracker.fractionLostAndStartInterval());
        tracker.update(6);
        assertEquals(0, tracker.fractionLostAndStartInterval());
        assertEquals(2, tracker.cumulativeLostForReport());
    }

    /**
     * Random traces of loss, duplication and local reordering (with 16-bit wrap) against a model
     * that knows which packets were sent.
     */
    @Property(tries = 300)
    void countsMatchAModelOfLossDuplicationAndReordering(@ForAll @IntRange(min = 0, max = 65535) int startSeq,
            @ForAll long seed) {
        Random random = new Random(seed);
        double lossProbability = random.nextDouble() * 0.3;
        double duplicateProbability = random.nextDouble() * 0.1;
        int count = 2 + random.nextInt(600);
        List<Long> delivered = new ArrayList<>();
        for (long ext = startSeq + 2; ext < startSeq + count; ext++) {
            if (random.nextDouble() < lossProbability) {
                continue;
            }
            delivered.add(ext);
            if (random.nextDouble() < duplicateProbability) {
                delivered.add(ext);
            }
        }
        for (int i = 0; i < delivered.size(); i++) { // local reordering: swap with a nearby packet
            if (random.nextDouble() < 0.1) {
                int j = Math.min(delivered.size() - 1, i + 1 + random.nextInt(8));
                Long t = delivered.get(i);
                delivered.set(i, delivered.get(j));
                delivered.set(j, t);
            }
        }
        delivered.add(0, (long) startSeq + 1);
        delivered.add(0, (long) startSeq);
        long max = startSeq;
        for (long ext : delivered) {
            Assume.that(max - ext <= SequenceTracker.MAX_MISORDER);
            max = Math.max(max, ext);
        }

        SequenceTracker tracker = new SequenceTracker(); // jqwik reuses the instance across tries
        for (long ext : delivered) {
            tracker.update((int) (ext & 0xFFFF));
        }

        List<Long> counted = delivered.subList(1, delivered.size()); // the first is probation only
        Set<Long> distinct = new HashSet<>(counted);
        long expected = max - (startSeq + 1) + 1;
        // A.1 counts cycles from the base packet (startSeq + 1), whose own value may have wrapped to 0.
        assertEquals(max - (startSeq + 1) + ((startSeq + 1) & 0xFFFF), tracker.extendedHighestSequence());
        assertEquals(counted.size(), tracker.received());
        assertEquals(counted.size() - distinct.size(), tracker.duplicates());
        assertEquals(expected - distinct.size(), tracker.lost());
        assertEquals(expected - counted.size(), tracker.cumulativeLostForReport());
    }
}
