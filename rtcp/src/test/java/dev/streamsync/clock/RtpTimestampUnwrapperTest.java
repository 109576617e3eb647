package dev.streamsync.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class RtpTimestampUnwrapperTest {
    private final RtpTimestampUnwrapper unwrapper = new RtpTimestampUnwrapper();

    @Test
    void continuesAcross2To32Forwards() {
        assertEquals(0xFFFF_FF00L, unwrapper.unwrap(0xFFFF_FF00L));
        assertEquals(0x1_0000_0100L, unwrapper.unwrap(0x100));
        assertEquals(0x1_0000_0200L, unwrapper.unwrap(0x200));
    }

    @Test
    void valueSlightlyBehindUnwrapsBackwardsNotFourBillionTicksAhead() {
        unwrapper.unwrap(0x100);
        assertEquals(-0x100L, unwrapper.unwrap(0xFFFF_FF00L)); // a B-frame just before the wrap
        assertEquals(0x1000L, unwrapper.unwrap(0x1000));
    }

    @Test
    void peekDoesNotMoveTheReference() {
        unwrapper.unwrap(0xFFFF_FFF0L);
        assertEquals(0x1_0000_0010L, unwrapper.peek(0x10));
        assertEquals(0xFFFF_FFF1L, unwrapper.unwrap(0xFFFF_FFF1L));
    }

    /** Any walk with steps smaller than 2^31 in magnitude is reconstructed exactly from its low 32 bits. */
    @Property
    void reconstructsAnyWalkWithStepsBelow2To31(@ForAll @LongRange(min = 0, max = 0xFFFF_FFFFL) long start,
            @ForAll @Size(max = 200) List<@IntRange(min = -Integer.MAX_VALUE, max = Integer.MAX_VALUE) Integer> steps) {
        RtpTimestampUnwrapper unwrapper = new RtpTimestampUnwrapper(); // jqwik reuses the instance across tries
        long truth = start;
        assertEquals(truth, unwrapper.unwrap(truth & 0xFFFF_FFFFL));
        for (int step : steps) {
            truth += step;
            assertEquals(truth, unwrapper.unwrap(truth & 0xFFFF_FFFFL));
        }
    }
}
