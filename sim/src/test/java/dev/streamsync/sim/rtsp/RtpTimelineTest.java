package dev.streamsync.sim.rtsp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RtpTimelineTest {

    @Test
    void advancesNinetyThousandTicksPerSecondFromTheBase() {
        RtpTimeline t = new RtpTimeline(1, 1000, 5_000_000, 0);
        assertEquals(1000, t.rtpTimestampAt(5_000_000));
        assertEquals(1000 + 90_000, t.rtpTimestampAt(6_000_000));
        assertEquals(1000 + 3600, t.rtpTimestampAt(5_040_000), "one 25 fps frame interval");
    }

    @Test
    void driftingClockRunsFastByItsPpm() {
        RtpTimeline t = new RtpTimeline(1, 0, 0, 100);
        assertEquals(900_000 + 90, t.rtpTimestampAt(10_000_000), "+100 ppm over 10 s is 90 extra ticks");
    }

    @Test
    void wrapsAt32Bits() {
        RtpTimeline t = new RtpTimeline(1, 0xFFFF_FFFFL, 0, 0);
        assertEquals(89_999, t.rtpTimestampAt(1_000_000));
    }
}
