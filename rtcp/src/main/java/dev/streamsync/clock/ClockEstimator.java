package dev.streamsync.clock;

/**
 * Estimates the UTC capture time of a stream's RTP timestamps from the camera's clock anchors:
 * RTCP sender reports (fitted), per-frame header extension times, and the PLAY response's
 * {@code Range: clock=} with {@code RTP-Info rtptime}.
 *
 * <p>All RTP times passed in are unwrapped 64-bit values from the stream's single
 * {@link RtpTimestampUnwrapper}; the clock rate comes from the SDP ({@code a=rtpmap}), never a
 * built-in 90 kHz.
 *
 * <h2>Sender report fit</h2>
 * Least squares of UTC (from the SR's NTP time) against RTP time over the last
 * {@link Policy#windowSize()} accepted reports (20 by default, the size libwebrtc's
 * RtpToNtpEstimator uses). To keep the arithmetic exact, the points are taken relative to the
 * newest report (longs), and only these small differences are fitted in doubles. The slope is the
 * camera's media clock rate; if the fitted slope is more than {@link Policy#maxRatePpm()} from the
 * nominal rate (two noisy reports close together), the nominal rate is used through the points'
 * centroid instead, and {@code driftPpm} reads 0.
 *
 * <p>A report is rejected when its NTP or RTP time is not after the last accepted report's, or
 * when its NTP time differs from the current fit's prediction (the nominal rate from a single
 * report) by more than {@code maxResidualMicros + maxRatePpm × (time since the last accepted
 * report)} — 50 ms + 1000 ppm by default: SR jitter of a few ms from send-time anchoring passes,
 * a clock step of ±1 s or more does not. Rejected reports are never fitted. After
 * {@link Policy#rejectionsBeforeReset()} rejections in a row (3, as libwebrtc), the camera is taken
 * to have stepped its clock: the fit is discarded and re-seeded with the rejected reports that are
 * consistent with the newest one ({@link SenderReportVerdict#RESET}). An NTP time of 0 means "no
 * wallclock" and is ignored.
 *
 * <h2>Precedence</h2>
 * <ol>
 *   <li>a per-frame header extension anchor ({@link TimestampSource#ONVIF_EXTENSION} over
 *       {@link TimestampSource#RFC6051_EXTENSION}): the newest such anchor, with the SR-fitted
 *       slope when two or more SRs were fitted, else the nominal rate. An anchor of a
 *       lower-ranked extension never replaces one of a higher rank;</li>
 *   <li>the sender report fit, from the first accepted SR on;</li>
 *   <li>the {@code Range: clock=} anchor at the nominal rate, until the first SR;</li>
 *   <li>otherwise {@link ClockMapping#UNANCHORED} — never a guess.</li>
 * </ol>
 * The per-camera constant offset ({@link #offsetMicros(long)}) is added to every answer.
 *
 * <h2>Threading</h2>
 * Mutated by one thread (the stream's receive thread). {@link #mapping()} may be called from any
 * thread: it returns an immutable snapshot published through a volatile field. A new snapshot is
 * allocated per accepted anchor change; a per-frame extension anchor that the current mapping
 * already predicts within 1 µs does not publish a new one.
 */
public final class ClockEstimator {

    /**
     * Thresholds of the sender report filter.
     *
     * @param windowSize reports kept for the fit (≥ 2)
     * @param maxResidualMicros allowed difference between a report and the fit's prediction, µs
     * @param maxRatePpm largest plausible media clock rate error, ppm; also widens the allowed
     *     difference with the time since the last accepted report
     * @param rejectionsBeforeReset rejections in a row after which the fit is reset (≥ 1)
     */
    public record Policy(int windowSize, long maxResidualMicros, double maxRatePpm, int rejectionsBeforeReset) {
        /** 20 reports, 50 ms, 1000 ppm, 3 rejections. */
        public static final Policy DEFAULT = new Policy(20, 50_000, 1000.0, 3);

        public Policy {
            if (windowSize < 2 || maxResidualMicros <= 0 || !(maxRatePpm > 0) || rejectionsBeforeReset < 1) {
                throw new IllegalArgumentException("invalid clock policy");
            }
        }
    }

    private static final long REPUBLISH_THRESHOLD_NANOS = 1_000;

    private final int clockRateHz;
    private final Policy policy;
    private final double nominalNanosPerTick;

    // Accepted sender reports, a ring of the newest windowSize points.
    private final long[] srRtp;
    private final long[] srUtcNanos;
    private int srHead;
    private int srCount;
    private int acceptedSinceReset;
    private long lastSrUtcNanos;

    // Consecutive rejected reports (candidates for a re-seed).
    private final long[] rejectedRtp;
    private final long[] rejectedUtcNanos;
    private int rejectedInRow;

    // Current SR fit: utc = fitUtcNanos + fitNanosPerTick * (rtp - fitRtp).
    private long fitRtp;
    private long fitUtcNanos;
    private double fitNanosPerTick;
    private boolean fitRateMeasured;
    private double fitResidualRmsNanos;

    private TimestampSource extensionSource;
    private long extensionRtp;
    private long extensionUtcNanos;

    private boolean rangeAnchored;
    private long rangeRtp;
    private long rangeUtcNanos;

    private long offsetMicros;

    private long rejectedTotal;
    private long resets;

    private volatile ClockMapping mapping = ClockMapping.UNANCHORED;

    /** An estimator with {@link Policy#DEFAULT}. */
    public ClockEstimator(int clockRateHz) {
        this(clockRateHz, Policy.DEFAULT);
    }

    /**
     * @param clockRateHz the stream's RTP clock rate from the SDP, &gt; 0
     */
    public ClockEstimator(int clockRateHz, Policy policy) {
        if (clockRateHz <= 0) {
            throw new IllegalArgumentException("clockRateHz must be positive: " + clockRateHz);
        }
        this.clockRateHz = clockRateHz;
        this.policy = policy;
        this.nominalNanosPerTick = 1e9 / clockRateHz;
        this.srRtp = new long[policy.windowSize()];
        this.srUtcNanos = new long[policy.windowSize()];
        this.rejectedRtp = new long[policy.rejectionsBeforeReset()];
        this.rejectedUtcNanos = new long[policy.rejectionsBeforeReset()];
    }

    /** The current mapping; safe to call from any thread. Never null. */
    public ClockMapping mapping() {
        return mapping;
    }

    /** The nominal clock rate this estimator was built with. */
    public int clockRateHz() {
        return clockRateHz;
    }

    /** Sender reports rejected so far (lifetime). */
    public long rejectedSenderReports() {
        return rejectedTotal;
    }

    /** Times the fit was reset after consecutive rejections (lifetime). */
    public long resets() {
        return resets;
    }

    /**
     * Feeds one RTCP sender report.
     *
     * @param ntpTimestamp the SR's 64-bit NTP timestamp
     * @param rtpTimestamp64 the SR's RTP timestamp, unwrapped on the stream's timeline
     */
    public SenderReportVerdict onSenderReport(long ntpTimestamp, long rtpTimestamp64) {
        if (ntpTimestamp == Ntp.UNKNOWN) {
            return SenderReportVerdict.IGNORED_UNKNOWN_NTP; // RFC 3550 §6.4.1: sender without wallclock
        }
        long utcNanos = Ntp.ntpToUnixNanos(ntpTimestamp);
        if (srCount > 0) {
            int newest = newestIndex();
            if (srRtp[newest] == rtpTimestamp64 && srUtcNanos[newest] == utcNanos) {
                return SenderReportVerdict.IGNORED_DUPLICATE;
            }
            SenderReportVerdict verdict = check(utcNanos, rtpTimestamp64, srUtcNanos[newest], srRtp[newest]);
            if (verdict == SenderReportVerdict.REJECTED_IMPLAUSIBLE_JUMP && srCount == 1) {
                // Quirk: one report cannot outvote another, and the first one is the likelier outlier.
                // GStreamer 1.22's rtpbin sends an SR right after the first RTP packet (packet count 1)
                // whose NTP time is 50-200 ms off the capture time (seen in RtspClientGstreamerIT);
                // defending it would reject every good report until rejectionsBeforeReset. So an
                // unconfirmed single anchor is replaced by a disagreeing newer one; two agreeing
                // reports are then defended as usual.
                resets++;
                srCount = 0;
                srHead = 0;
                acceptedSinceReset = 0;
                rejectedInRow = 0;
                addPoint(rtpTimestamp64, utcNanos);
                fit();
                publish();
                return SenderReportVerdict.RESET;
            }
            if (verdict != SenderReportVerdict.ACCEPTED) {
                rejectedTotal++;
                rejectedRtp[rejectedInRow] = rtpTimestamp64;
                rejectedUtcNanos[rejectedInRow] = utcNanos;
                rejectedInRow++;
                if (rejectedInRow < policy.rejectionsBeforeReset()) {
                    return verdict;
                }
                reseedFromRejected();
                return SenderReportVerdict.RESET;
            }
        }
        rejectedInRow = 0;
        addPoint(rtpTimestamp64, utcNanos);
        fit();
        publish();
        return SenderReportVerdict.ACCEPTED;
    }

    private SenderReportVerdict check(long utcNanos, long rtp, long lastUtcNanos, long lastRtp) {
        if (utcNanos <= lastUtcNanos) {
            return SenderReportVerdict.REJECTED_NTP_NOT_INCREASING;
        }
        if (rtp <= lastRtp) {
            return SenderReportVerdict.REJECTED_RTP_NOT_INCREASING;
        }
        double predictedNanos = fitUtcNanos + fitNanosPerTick * (double) (rtp - fitRtp);
        double errorNanos = Math.abs(utcNanos - predictedNanos);
        double toleranceNanos = policy.maxResidualMicros() * 1e3 + policy.maxRatePpm() * 1e-6 * (utcNanos - lastUtcNanos);
        return errorNanos <= toleranceNanos ? SenderReportVerdict.ACCEPTED : SenderReportVerdict.REJECTED_IMPLAUSIBLE_JUMP;
    }

    /**
     * The camera stepped its clock: forget the fit and keep the newest rejected report plus the
     * earlier rejected ones that are consistent with it at the nominal rate.
     */
    private void reseedFromRejected() {
        resets++;
        int n = rejectedInRow;
        rejectedInRow = 0;
        srCount = 0;
        srHead = 0;
        acceptedSinceReset = 0;
        long newestRtp = rejectedRtp[n - 1];
        long newestUtc = rejectedUtcNanos[n - 1];
        long prevRtp = Long.MIN_VALUE;
        long prevUtc = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            long rtp = rejectedRtp[i];
            long utc = rejectedUtcNanos[i];
            boolean newest = i == n - 1;
            if (!newest) {
                double predicted = newestUtc + nominalNanosPerTick * (double) (rtp - newestRtp);
                double tolerance = policy.maxResidualMicros() * 1e3 + policy.maxRatePpm() * 1e-6 * Math.abs(newestUtc - utc);
                if (rtp >= newestRtp || utc >= newestUtc || Math.abs(utc - predicted) > tolerance) {
                    continue;
                }
            }
            if (rtp <= prevRtp || utc <= prevUtc) {
                continue;
            }
            addPoint(rtp, utc);
            prevRtp = rtp;
            prevUtc = utc;
        }
        fit();
        publish();
    }

    private int newestIndex() {
        return (srHead + srRtp.length - 1) % srRtp.length;
    }

    private void addPoint(long rtp, long utcNanos) {
        srRtp[srHead] = rtp;
        srUtcNanos[srHead] = utcNanos;
        srHead = (srHead + 1) % srRtp.length;
        if (srCount < srRtp.length) {
            srCount++;
        }
        acceptedSinceReset++;
        lastSrUtcNanos = utcNanos;
    }

    /** Least squares over the window, relative to the newest point (exact long differences). */
    private void fit() {
        int newest = newestIndex();
        long refRtp = srRtp[newest];
        long refUtc = srUtcNanos[newest];
        double sumX = 0;
        double sumY = 0;
        for (int k = 0; k < srCount; k++) {
            sumX += (double) (srRtp[k] - refRtp);
            sumY += (double) (srUtcNanos[k] - refUtc);
        }
        double meanX = sumX / srCount;
        double meanY = sumY / srCount;
        double sxx = 0;
        double sxy = 0;
        for (int k = 0; k < srCount; k++) {
            double dx = (double) (srRtp[k] - refRtp) - meanX;
            double dy = (double) (srUtcNanos[k] - refUtc) - meanY;
            sxx += dx * dx;
            sxy += dx * dy;
        }
        double slope = nominalNanosPerTick;
        boolean measured = false;
        if (srCount >= 2 && sxx > 0) {
            double fitted = sxy / sxx;
            double ratePpm = (nominalNanosPerTick / fitted - 1.0) * 1e6;
            if (fitted > 0 && Math.abs(ratePpm) <= policy.maxRatePpm()) {
                slope = fitted;
                measured = true;
            }
        }
        double intercept = meanY - slope * meanX; // fitted UTC offset (ns) at the newest report's RTP time
        double sumSq = 0;
        for (int k = 0; k < srCount; k++) {
            double r = (double) (srUtcNanos[k] - refUtc) - (intercept + slope * (double) (srRtp[k] - refRtp));
            sumSq += r * r;
        }
        fitRtp = refRtp;
        fitUtcNanos = refUtc + Math.round(intercept);
        fitNanosPerTick = slope;
        fitRateMeasured = measured;
        fitResidualRmsNanos = srCount >= 2 ? Math.sqrt(sumSq / srCount) : 0.0;
    }

    /**
     * Feeds a per-frame wallclock anchor from an RTP header extension.
     *
     * @param ntpTimestamp the NTP time carried by the extension; 0 is ignored
     * @param rtpTimestamp64 the unwrapped RTP timestamp of the packet that carried it
     * @param source {@link TimestampSource#ONVIF_EXTENSION} or {@link TimestampSource#RFC6051_EXTENSION}
     * @throws IllegalArgumentException for any other source (a programming error)
     */
    public void onFrameNtp(long ntpTimestamp, long rtpTimestamp64, TimestampSource source) {
        if (source != TimestampSource.ONVIF_EXTENSION && source != TimestampSource.RFC6051_EXTENSION) {
            throw new IllegalArgumentException("not a header extension source: " + source);
        }
        if (ntpTimestamp == Ntp.UNKNOWN) {
            return;
        }
        if (extensionSource != null && source.compareTo(extensionSource) > 0) {
            return; // a lower-ranked extension never replaces a higher-ranked one
        }
        long utcNanos = Ntp.ntpToUnixNanos(ntpTimestamp);
        ClockMapping current = mapping;
        boolean sameSource = current.anchored() && current.source() == source;
        extensionSource = source;
        extensionRtp = rtpTimestamp64;
        extensionUtcNanos = utcNanos;
        if (sameSource) {
            long predicted = current.toUtcNanos(rtpTimestamp64) - current.offsetMicros() * 1000;
            if (Math.abs(predicted - utcNanos) <= REPUBLISH_THRESHOLD_NANOS) {
                return;
            }
        }
        publish();
    }

    /**
     * Feeds the anchor of a PLAY response: {@code Range: clock=<utc>-} together with the
     * {@code RTP-Info: ...;rtptime=<rtp>} of this stream (RFC 2326 §12.29, §12.33).
     *
     * @param utcMicros the range start, µs since the Unix epoch
     * @param rtpTimestamp64 the RTP-Info rtptime, unwrapped
     */
    public void onRangeClock(long utcMicros, long rtpTimestamp64) {
        rangeAnchored = true;
        rangeRtp = rtpTimestamp64;
        rangeUtcNanos = utcMicros * 1000;
        publish();
    }

    /**
     * Sets the per-camera constant offset added to every answer, in µs: a camera known to stamp
     * its frames N ms late gets {@code -N * 1000}.
     */
    public void offsetMicros(long offsetMicros) {
        this.offsetMicros = offsetMicros;
        publish();
    }

    /** Forgets all anchors and reports (a new SSRC, a new PLAY); the offset is kept. */
    public void reset() {
        srCount = 0;
        srHead = 0;
        acceptedSinceReset = 0;
        lastSrUtcNanos = 0;
        rejectedInRow = 0;
        extensionSource = null;
        rangeAnchored = false;
        mapping = ClockMapping.UNANCHORED;
    }

    private void publish() {
        long lastSrMicros = acceptedSinceReset > 0 ? Math.floorDiv(lastSrUtcNanos + 500, 1000) : 0;
        double driftPpm = fitRateMeasured && srCount >= 2 ? (nominalNanosPerTick / fitNanosPerTick - 1.0) * 1e6 : 0.0;
        double residualMicros = srCount > 0 ? fitResidualRmsNanos / 1e3 : 0.0;
        int reports = srCount > 0 ? acceptedSinceReset : 0;
        if (extensionSource != null) {
            double slope = srCount >= 2 && fitRateMeasured ? fitNanosPerTick : nominalNanosPerTick;
            mapping = new ClockMapping(true, extensionSource, clockRateHz, extensionRtp, extensionUtcNanos, slope,
                    offsetMicros, driftPpm, reports, lastSrMicros, residualMicros);
        } else if (srCount > 0) {
            mapping = new ClockMapping(true, TimestampSource.RTCP_SR, clockRateHz, fitRtp, fitUtcNanos, fitNanosPerTick,
                    offsetMicros, driftPpm, reports, lastSrMicros, residualMicros);
        } else if (rangeAnchored) {
            mapping = new ClockMapping(true, TimestampSource.RANGE_CLOCK, clockRateHz, rangeRtp, rangeUtcNanos,
                    nominalNanosPerTick, offsetMicros, 0.0, 0, 0, 0.0);
        } else {
            mapping = ClockMapping.UNANCHORED;
        }
    }
}
