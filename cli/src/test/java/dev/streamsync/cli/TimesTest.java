package dev.streamsync.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TimesTest {
    @Test
    void epochSecondsKeepEveryMicrosecond() {
        assertEquals("1763818872.000001", Times.epochSeconds(1_763_818_872_000_001L));
        assertEquals("1763818872.345678", Times.epochSeconds(1_763_818_872_345_678L));
        assertEquals("-1.999999", Times.epochSeconds(-1_999_999L));
    }

    @Test
    void millisAreExactWithSign() {
        assertEquals("0.000", Times.millis(0));
        assertEquals("12.345", Times.millis(12_345));
        assertEquals("-0.041", Times.millis(-41));
    }

    @Test
    void clockShowsUtcTimeOfDay() {
        // 2025-11-22T13:41:12.345678Z
        assertEquals("13:41:12.345", Times.clockMillis(1_763_818_872_345_678L));
    }
}
