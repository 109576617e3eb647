package dev.streamsync.clock;


/**
 * Ground truth for clock tests: a camera whose media clock runs {@code ratePpm} off nominal.
 * RTP time (unwrapped) {@code rtp} was captured at
 * {@code startUtcNanos + (rtp - startRtp) / (clockRateHz * (1 + ratePpm/1e6))} seconds.
 */
final class SimulatedCameraClock {
    final int clockRateHz;
    final double ratePpm;
    final long startUtcNanos;
    final long startRtp;

    SimulatedCameraClock(int clockRateHz, double ratePpm, long startUtcNanos, long startRtp) {
        this.clockRateHz = clockRateHz;
        this.ratePpm = ratePpm;
        this.startUtcNanos = startUtcNanos;
        this.startRtp = startRtp;
    }

    /** True capture time of an unwrapped RTP timestamp, ns since the Unix epoch. */
    long utcNanos(long rtp64) {
        double ticksPerNano = clockRateHz * (1 + ratePpm / 1e6) / 1e9;
        return startUtcNanos + Math.round((rtp64 - startRtp) / ticksPerNano);
    }

    /** RTP time (unwrapped) nearest to {@code secondsAfterStart}. */
    long rtpAt(double secondsAfterStart) {
        return startRtp + Math.round(secondsAfterStart * clockRateHz * (1 + ratePpm / 1e6));
    }

    /** An exact SR for the tick nearest {@code secondsAfterStart}: NTP of that tick's true time. */
    long ntpOf(long rtp64) {
        return Ntp.unixNanosToNtp(utcNanos(rtp64));
    }
}
