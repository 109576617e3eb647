package dev.streamsync.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class NtpTest {
    @Test
    void unixEpochIsNtpSeconds2208988800() {
        assertEquals(2_208_988_800L << 32, Ntp.unixMicrosToNtp(0));
        assertEquals(0, Ntp.ntpToUnixMicros(2_208_988_800L << 32));
    }

    @Test
    void fractionIsBinary() {
        long ntp = (2_208_988_800L << 32) | 0x4000_0000L; // +0.25 s
        assertEquals(250_000, Ntp.ntpToUnixMicros(ntp));
        assertEquals(250_000_000, Ntp.ntpToUnixNanos(ntp));
    }

    @Test
    void timestampsWithMsbZeroAreInEra1After2036() {
        // NTP seconds 0 in era 1 is 2036-02-07T06:28:16Z = Unix 2085978496.
        assertEquals(2_085_978_496L * 1_000_000, Ntp.ntpToUnixMicros(0x0000_0001_0000_0000L) - 1_000_000);
        assertEquals(0x0000_0010_0000_0000L, Ntp.unixMicrosToNtp((2_085_978_496L + 16) * 1_000_000));
        // The last second of era 0 is just before it.
        assertEquals((2_085_978_496L - 1) * 1_000_000, Ntp.ntpToUnixMicros(0xFFFF_FFFF_0000_0000L));
    }

    @Test
    void middle32IsSixteenBitsOfSecondsAndSixteenOfFraction() {
        assertEquals(0x5E00_8000L, Ntp.middle32(0xEBE9_5E00_8000_0000L));
    }

    @Property
    void microsRoundTripFrom1970To2100(@ForAll @LongRange(min = 0, max = 4_102_444_800_000_000L) long unixMicros) {
        assertEquals(unixMicros, Ntp.ntpToUnixMicros(Ntp.unixMicrosToNtp(unixMicros)));
    }

    @Property
    void nanosRoundTripWithinHalfAFractionTick(@ForAll @LongRange(min = 0, max = 4_102_444_800_000_000_000L) long unixNanos) {
        assertEquals(unixNanos, Ntp.ntpToUnixNanos(Ntp.unixNanosToNtp(unixNanos)), 1);
    }
}
