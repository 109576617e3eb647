package dev.streamsync.clock;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;

class ClockEstimatorPropertiesTest {
    @Provide
    Arbitrary<Integer> clockRates() {
        return Arbitraries.of(8_000, 48_000, 90_000);
    }

    /**
     * Any camera within ±500 ppm, any start time (1980..2030), any initial RTP value and SR
     * interval: after three exact sender reports every frame maps within 1 ms (in fact µs).
     */
    @Property(tries = 200)
    void errorStaysBoundedForAnyRateErrorAndOffset(
            @ForAll @DoubleRange(min = -500, max = 500) double ratePpm,
            @ForAll @LongRange(min = 315_532_800_000_000_000L, max = 1_893_456_000_000_000_000L) long startUtcNanos,
            @ForAll @LongRange(min = 0, max = 0xFFFF_FFFFL) long startRtp32,
            @ForAll @DoubleRange(min = 1, max = 10) double srIntervalSeconds,
            @ForAll @From("clockRates") int clockRateHz) {
        SimulatedCameraClock camera = new SimulatedCameraClock(clockRateHz, ratePpm, startUtcNanos, startRtp32);
        RtpTimestampUnwrapper unwrapper = new RtpTimestampUnwrapper();
        ClockEstimator clock = new ClockEstimator(clockRateHz);
        long maxErrorNanos = 0;
        double nextSr = 0.5;
        for (double t = 0; t < 120; t += 0.1) {
            long rtp64 = unwrapper.unwrap(camera.rtpAt(t) & 0xFFFF_FFFFL);
            assertEquals(camera.rtpAt(t), rtp64);
            if (t >= nextSr) {
                long srRtp = camera.rtpAt(nextSr);
                assertTrue(clock.onSenderReport(camera.ntpOf(srRtp), unwrapper.peek(srRtp & 0xFFFF_FFFFL)).accepted());
                nextSr += srIntervalSeconds;
            }
            if (clock.mapping().senderReportCount() >= 3) {
                maxErrorNanos = Math.max(maxErrorNanos, Math.abs(clock.mapping().toUtcNanos(rtp64) - camera.utcNanos(rtp64)));
            }
        }
        assertTrue(maxErrorNanos < 1_000_000, "max error " + maxErrorNanos + " ns");
        assertTrue(maxErrorNanos < 2_000, "exact reports should give µs: " + maxErrorNanos + " ns");
    }
}
