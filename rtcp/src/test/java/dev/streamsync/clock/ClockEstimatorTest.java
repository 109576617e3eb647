package dev.streamsync.clock;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ClockEstimatorTest {
    private static final int VIDEO_HZ = 90_000;
    private static final long START_UTC_NANOS = 1_750_000_000_123_456_789L; // June 2025
    private static final double FRAME_SECONDS = 1.0 / 30;

    @Test
    void startsUnanchoredAndRefusesToGuess() {
        ClockEstimator clock = new ClockEstimator(VIDEO_HZ);
        assertSame(ClockMapping.UNANCHORED, clock.mapping());
        assertFalse(clock.mapping().anchored());
        assertThrows(IllegalStateException.class, () -> clock.mapping().toUtcMicros(0));
    }

    @Test
    void exactSenderReportsMapWithinOneMicrosecond() {
        SimulatedCameraClock camera = new SimulatedCameraClock(VIDEO_HZ, 0, START_UTC_NANOS, 1234);
        ClockEstimator clock = new ClockEstimator(VIDEO_HZ);
        long maxErrorNanos = 0;
        for (int sr = 0; sr < 30; sr++) {
            long srRtp = camera.rtpAt(1.5 + 5 * sr);
            assertEquals(SenderReportVerdict.ACCEPTED, clock.onSenderReport(camera.ntpOf(srRtp), srRtp));
            ClockMapping mapping = clock.mapping();
            for (double t = 1.5 + 5 * sr; t < 1.5 + 5 * (sr + 1); t += FRAME_SECONDS) {
                long rtp = camera.rtpAt(t);
                maxErrorNanos = Math.max(maxErrorNanos, Math.abs(mapping.toUtcNanos(rtp) - camera.utcNanos(rtp)));
                assertTrue(Math.abs(mapping.toUtcMicros(rtp) - Math.floorDiv(camera.utcNanos(rtp) + 500, 1000)) <= 1);
            }
        }
        assertTrue(maxErrorNanos < 1_000, "max error " + maxErrorNanos + " ns");
        assertEquals(TimestampSource.RTCP_SR, clock.mapping().source());
        assertEquals(30, clock.mapping().senderReportCount());
        assertEquals(0.0, clock.mapping().driftPpm(), 0.01);
    }

    @Test
    void cameraClockRunningFastBy100PpmStaysWithinOneMillisecondOverTenMinutes() {
        assertDriftingCameraTracked(+100);
    }

    @Test
    void cameraClockRunningSlowBy500PpmStaysWithinOneMillisecondOverTenMinutes() {
        assertDriftingCameraTracked(-500);
    }

    private static void assertDriftingCameraTracked(double ratePpm) {
        SimulatedCameraClock camera = new SimulatedCameraClock(VIDEO_HZ, ratePpm, START_UTC_NANOS, 987_654);
        ClockEstimator clock = new ClockEstimator(VIDEO_HZ);
        long maxErrorNanos = 0;
        int srCount = 0;
        double nextSr = 1.2;
        for (double t = 0; t < 600; t += FRAME_SECONDS) {
            if (t >= nextSr) {
                long srRtp = camera.rtpAt(nextSr);
                assertEquals(SenderReportVerdict.ACCEPTED, clock.onSenderReport(camera.ntpOf(srRtp), srRtp));
                srCount++;
                nextSr += 5;
            }
            if (srCount >= 3) {
                long rtp = camera.rtpAt(t);
                maxErrorNanos = Math.max(maxErrorNanos, Math.abs(clock.mapping().toUtcNanos(rtp) - camera.utcNanos(rtp)));
            }
        }
        assertTrue(maxErrorNanos < 1_000_000, "max error " + maxErrorNanos + " ns");
        assertEquals(ratePpm, clock.mapping().driftPpm(), 0.5);
    }

    @Test
    void rtpWrapAt2To32MidStreamCausesNoDiscontinuity() {
        // The wire timestamp wraps 20 s into the stream; the stream's unwrapper feeds both sides.
        long startRtp32 = (1L << 32) - 20L * VIDEO_HZ;
        SimulatedCameraClock camera = new SimulatedCameraClock(VIDEO_HZ, 37, START_UTC_NANOS, startRtp32);
        RtpTimestampUnwrapper unwrapper = new RtpTimestampUnwrapper();
        ClockEstimator clock = new ClockEstimator(VIDEO_HZ);
        long previousUtcNanos = Long.MIN_VALUE;
        long maxErrorNanos = 0;
        double nextSr = 1;
        for (double t = 0; t < 60; t += FRAME_SECONDS) {
            long wire = camera.rtpAt(t) & 0xFFFF_FFFFL;
            long rtp64 = unwrapper.unwrap(wire);
            assertEquals(camera.rtpAt(t), rtp64);
            if (t >= nextSr) {
                long srWire = camera.rtpAt(nextSr) & 0xFFFF_FFFFL;
                clock.onSenderReport(camera.ntpOf(camera.rtpAt(nextSr)), unwrapper.peek(srWire));
                nextSr += 5;
            }
            if (clock.mapping().anchored()) {
                long utcNanos = clock.mapping().toUtcNanos(rtp64);
                if (previousUtcNanos != Long.MIN_VALUE) {
                    long step = utcNanos - previousUtcNanos;
                    assertTrue(Math.abs(step - 33_333_333) < 2_000_000, "step " + step + " ns at t=" + t);
                }
                previousUtcNanos = utcNanos;
                if (clock.mapping().senderReportCount() >= 2) { // before that: nominal rate, 37 ppm off
                    maxErrorNanos = Math.max(maxErrorNanos, Math.abs(utcNanos - camera.utcNanos(rtp64)));
                }
            }
        }
        assertTrue(maxErrorNanos < 1_000, "max error " + maxErrorNanos + " ns");
        assertEquals(0, clock.rejectedSenderReports());
    }

    @Test
    void ntpStepForwardOneSecondIsDetectedAndReanchoredNotAveraged() {
        assertStepHandled(1_000_000_000L);
    }

    @Test
    void aLoneFirstReportThatDisagreesWithTheNextIsReplacedNotDefended() {
        // GStreamer 1.22 quirk: the SR sent right after the first RTP packet is 50-200 ms off.
        SimulatedCameraClock camera = new SimulatedCameraClock(VIDEO_HZ, 0, START_UTC_NANOS, 77);
        ClockEstimator clock = new ClockEstimator(VIDEO_HZ);
        long firstRtp = camera.rtpAt(0.1);
        long offByNanos = 150_000_000L;
        assertEquals(SenderReportVerdict.ACCEPTED, clock.onSenderReport(camera.ntpOf(firstRtp) + offByNanos * (1L << 32) / 1_000_000_000L, firstRtp));
        long secondRtp = camera.rtpAt(1.1);
        assertEquals(SenderReportVerdict.RESET, clock.onSenderReport(camera.ntpOf(secondRtp), secondRtp));
        long probe = camera.rtpAt(2);
        assertTrue(Math.abs(clock.mapping().toUtcNanos(probe) - camera.utcNanos(probe)) < 1_000);
        // From two agreeing reports on, an outlier is rejected as usual.
        long thirdRtp = camera.rtpAt(2.1);
        assertEquals(SenderReportVerdict.ACCEPTED, clock.onSenderReport(camera.ntpOf(thirdRtp), thirdRtp));
        long fourthRtp = camera.rtpAt(3.1);
        assertFalse(clock.onSenderReport(camera.ntpOf(fourthRtp) + offByNanos * (1L << 32) / 1_000_000_000L, fourthRtp).accepted());
        assertTrue(Math.abs(clock.mapping().toUtcNanos(probe) - camera.utcNanos(probe)) < 1_000);
    }

    @Test
    void ntpStepBackOneSecondIsDetectedAndReanchoredNotAveraged() {
        assertStepHandled(-1_000_000_000L);
    }

    @Test
    void ntpStepForwardOneHourIsDetectedAndReanchoredNotAveraged() {
        assertStepHandled(3_600_000_000_000L);
    }

    private static void assertStepHandled(long stepNanos) {
        SimulatedCameraClock camera = new SimulatedCameraClock(VIDEO_HZ, 50, START_UTC_NANOS, 5_000);
        SimulatedCameraClock stepped = new SimulatedCameraClock(VIDEO_HZ, 50, START_UTC_NANOS + stepNanos, 5_000);
        ClockEstimator clock = new ClockEstimator(VIDEO_HZ);
        for (int sr = 0; sr < 10; sr++) {
            long rtp = camera.rtpAt(1 + 5 * sr);
            assertEquals(SenderReportVerdict.ACCEPTED, clock.onSenderReport(camera.ntpOf(rtp), rtp));
        }
        ClockMapping before = clock.mapping();
        long probeRtp = camera.rtpAt(70);
        // Two stepped reports: rejected, the mapping is untouched (not averaged in).
        for (int sr = 10; sr < 12; sr++) {
            long rtp = camera.rtpAt(1 + 5 * sr);
            SenderReportVerdict verdict = clock.onSenderReport(stepped.ntpOf(rtp), rtp);
            assertFalse(verdict.accepted(), "verdict " + verdict);
            assertSame(before, clock.mapping());
            assertTrue(Math.abs(clock.mapping().toUtcNanos(probeRtp) - camera.utcNanos(probeRtp)) < 1_000);
        }
        // Third in a row: the camera stepped its clock — re-anchor on the new reports only.
        long rtp = camera.rtpAt(1 + 5 * 12);
        assertEquals(SenderReportVerdict.RESET, clock.onSenderReport(stepped.ntpOf(rtp), rtp));
        assertEquals(1, clock.resets());
        assertEquals(3, clock.mapping().senderReportCount());
        assertTrue(Math.abs(clock.mapping().toUtcNanos(probeRtp) - stepped.utcNanos(probeRtp)) < 1_000,
                "after reset: " + (clock.mapping().toUtcNanos(probeRtp) - stepped.utcNanos(probeRtp)) + " ns");
        // And it keeps tracking the new clock.
        long next = camera.rtpAt(1 + 5 * 13);
        assertEquals(SenderReportVerdict.ACCEPTED, clock.onSenderReport(stepped.ntpOf(next), next));
    }

    @Test
    void senderReportJitterOfAFewMillisecondsStaysWithinItsOwnSpread() {
        SimulatedCameraClock camera = new SimulatedCameraClock(VIDEO_HZ, -80, START_UTC_NANOS, 77);
        ClockEstimator clock = new ClockEstimator(VIDEO_HZ);
        Random random = new Random(42);
        long minJitter = Long.MAX_VALUE;
        long maxJitter = Long.MIN_VALUE;
        long maxErrorNanos = 0;
        for (int sr = 0; sr < 40; sr++) {
            long rtp = camera.rtpAt(1 + 5 * sr);
            long jitterNanos = (long) ((random.nextDouble() * 2 - 1) * 3_000_000); // ±3 ms, send-time anchoring
            minJitter = Math.min(minJitter, jitterNanos);
            maxJitter = Math.max(maxJitter, jitterNanos);
            assertTrue(clock.onSenderReport(Ntp.unixNanosToNtp(camera.utcNanos(rtp) + jitterNanos), rtp).accepted());
            if (sr >= 3) {
                for (double t = 1 + 5 * sr; t < 1 + 5 * (sr + 1); t += FRAME_SECONDS) {
                    long frameRtp = camera.rtpAt(t);
                    maxErrorNanos = Math.max(maxErrorNanos,
                            Math.abs(clock.mapping().toUtcNanos(frameRtp) - camera.utcNanos(frameRtp)));
                }
            }
        }
        long spread = maxJitter - minJitter;
        assertTrue(maxErrorNanos < spread / 2, "max error " + maxErrorNanos + " ns vs SR spread " + spread + " ns");
        assertTrue(clock.mapping().residualRmsMicros() > 100, "residual reflects the jitter");
    }

    @Test
    void senderReportWithNtpZeroIsIgnored() {
        ClockEstimator clock = new ClockEstimator(VIDEO_HZ);
        assertEquals(SenderReportVerdict.IGNORED_UNKNOWN_NTP, clock.onSenderReport(0, 1000));
        assertFalse(clock.mapping().anchored());
        assertEquals(0, clock.rejectedSenderReports());
    }

    @Test
    void senderReportGoingBackwardsInRtpTimeIsRejected() {
        SimulatedCameraClock camera = new SimulatedCameraClock(VIDEO_HZ, 0, START_UTC_NANOS, 1_000_000);
        ClockEstimator clock = new ClockEstimator(VIDEO_HZ);
        long rtp = camera.rtpAt(10);
        clock.onSenderReport(camera.ntpOf(rtp), rtp);
        assertEquals(SenderReportVerdict.REJECTED_RTP_NOT_INCREASING,
                clock.onSenderReport(Ntp.unixNanosToNtp(camera.utcNanos(rtp) + 5_000_000_000L), rtp - 10));
        assertEquals(SenderReportVerdict.REJECTED_NTP_NOT_INCREASING,
                clock.onSenderReport(camera.ntpOf(rtp) - 1000, rtp + 450_000));
        assertEquals(SenderReportVerdict.IGNORED_DUPLICATE, clock.onSenderReport(camera.ntpOf(rtp), rtp));
    }

    @Test
    void clockRateComesFromTheCallerNotA90kHzConstant() {
        int audioHz = 48_000;
        SimulatedCameraClock camera = new SimulatedCameraClock(audioHz, 0, START_UTC_NANOS, 0);
        ClockEstimator clock = new ClockEstimator(audioHz);
        long rtp = camera.rtpAt(2);
        clock.onSenderReport(camera.ntpOf(rtp), rtp);
        long oneSecondLater = rtp + audioHz;
        assertEquals(clock.mapping().toUtcMicros(rtp) + 1_000_000, clock.mapping().toUtcMicros(oneSecondLater));
    }

    @Test
    void rangeClockAnchorsBeforeTheFirstSenderReportThenSenderReportsTakeOver() {
        SimulatedCameraClock camera = new SimulatedCameraClock(VIDEO_HZ, 0, START_UTC_NANOS, 3_000);
        ClockEstimator clock = new ClockEstimator(VIDEO_HZ);
        long rangeUtcMicros = (START_UTC_NANOS + 40_000_000) / 1000; // PLAY range 40 ms off the SR truth
        clock.onRangeClock(rangeUtcMicros, 3_000);
        assertEquals(TimestampSource.RANGE_CLOCK, clock.mapping().source());
        assertEquals(rangeUtcMicros + 1_000_000, clock.mapping().toUtcMicros(3_000 + VIDEO_HZ));
        long rtp = camera.rtpAt(1.5);
        clock.onSenderReport(camera.ntpOf(rtp), rtp);
        assertEquals(TimestampSource.RTCP_SR, clock.mapping().source());
        assertEquals(camera.utcNanos(rtp + VIDEO_HZ) / 1000, clock.mapping().toUtcMicros(rtp + VIDEO_HZ), 1);
    }

    @Test
    void onvifExtensionAnchorTakesPrecedenceOverSenderReportsAndRfc6051() {
        SimulatedCameraClock camera = new SimulatedCameraClock(VIDEO_HZ, 0, START_UTC_NANOS, 0);
        ClockEstimator clock = new ClockEstimator(VIDEO_HZ);
        long srRtp = camera.rtpAt(1);
        clock.onSenderReport(camera.ntpOf(srRtp), srRtp);
        long frameRtp = camera.rtpAt(2);
        long frameUtcNanos = camera.utcNanos(frameRtp) + 7_000_000; // the camera stamps frames 7 ms later than SRs
        clock.onFrameNtp(Ntp.unixNanosToNtp(frameUtcNanos), frameRtp, TimestampSource.ONVIF_EXTENSION);
        assertEquals(TimestampSource.ONVIF_EXTENSION, clock.mapping().source());
        assertEquals(frameUtcNanos / 1000, clock.mapping().toUtcMicros(frameRtp), 1);
        // A lower-ranked extension does not override, and a later SR does not either.
        clock.onFrameNtp(Ntp.unixNanosToNtp(camera.utcNanos(frameRtp)), frameRtp, TimestampSource.RFC6051_EXTENSION);
        long srRtp2 = camera.rtpAt(6);
        clock.onSenderReport(camera.ntpOf(srRtp2), srRtp2);
        assertEquals(TimestampSource.ONVIF_EXTENSION, clock.mapping().source());
        assertEquals(frameUtcNanos / 1000, clock.mapping().toUtcMicros(frameRtp), 1);
        assertEquals(2, clock.mapping().senderReportCount());
    }

    @Test
    void rfc6051ExtensionAnchorsWithoutAnySenderReport() {
        ClockEstimator clock = new ClockEstimator(VIDEO_HZ);
        long utcNanos = START_UTC_NANOS;
        clock.onFrameNtp(Ntp.unixNanosToNtp(utcNanos), 1_000, TimestampSource.RFC6051_EXTENSION);
        assertEquals(TimestampSource.RFC6051_EXTENSION, clock.mapping().source());
        assertEquals((utcNanos + 500) / 1000 + 10_000, clock.mapping().toUtcMicros(1_000 + 900), 1);
        assertThrows(IllegalArgumentException.class, () -> clock.onFrameNtp(1, 1, TimestampSource.RTCP_SR));
    }

    @Test
    void constantOffsetIsAddedToEveryAnswer() {
        ClockEstimator clock = new ClockEstimator(VIDEO_HZ);
        clock.onRangeClock(1_000_000_000_000_000L, 0);
        long without = clock.mapping().toUtcMicros(90_000);
        clock.offsetMicros(-250_000);
        assertEquals(without - 250_000, clock.mapping().toUtcMicros(90_000));
        assertEquals(90_000, clock.mapping().toRtpTimestamp(without - 250_000));
    }

    @Test
    void mappingSnapshotIsImmutableAfterLaterReports() {
        SimulatedCameraClock camera = new SimulatedCameraClock(VIDEO_HZ, 0, START_UTC_NANOS, 0);
        ClockEstimator clock = new ClockEstimator(VIDEO_HZ);
        long rtp = camera.rtpAt(1);
        clock.onSenderReport(camera.ntpOf(rtp), rtp);
        ClockMapping first = clock.mapping();
        long answer = first.toUtcNanos(rtp + 12345);
        long rtp2 = camera.rtpAt(6);
        clock.onSenderReport(Ntp.unixNanosToNtp(camera.utcNanos(rtp2) + 2_000_000), rtp2);
        assertNotNull(clock.mapping());
        assertEquals(answer, first.toUtcNanos(rtp + 12345));
        assertEquals(1, first.senderReportCount());
    }
}
