package dev.streamsync.clock;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TimestampSourceTest {
    @Test
    void arrivalIsRankedBelowEveryCameraClock() {
        assertTrue(TimestampSource.ARRIVAL.compareTo(TimestampSource.RTCP_SR) > 0);
        assertTrue(TimestampSource.ARRIVAL.compareTo(TimestampSource.RANGE_CLOCK) > 0);
    }
}
