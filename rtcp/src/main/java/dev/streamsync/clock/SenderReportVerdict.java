package dev.streamsync.clock;

/** What {@link ClockEstimator#onSenderReport} did with one RTCP sender report. */
public enum SenderReportVerdict {
    /** Added to the fit. */
    ACCEPTED,
    /**
     * Several reports in a row were rejected, so the camera is taken to have stepped its clock:
     * the old fit was discarded and the mapping re-anchored on the recent, mutually consistent
     * reports (this one included).
     */
    RESET,
    /** NTP timestamp 0: the sender has no wallclock (RFC 3550 §6.4.1). Not counted as a rejection. */
    IGNORED_UNKNOWN_NTP,
    /** Same NTP and RTP time as the last accepted report (a repeated datagram). Not counted as a rejection. */
    IGNORED_DUPLICATE,
    /** NTP time not after the last accepted report's. */
    REJECTED_NTP_NOT_INCREASING,
    /** RTP time not after the last accepted report's. */
    REJECTED_RTP_NOT_INCREASING,
    /** NTP time too far from what the current fit predicts for its RTP time. */
    REJECTED_IMPLAUSIBLE_JUMP;

    /** True if the report now contributes to the mapping. */
    public boolean accepted() {
        return this == ACCEPTED || this == RESET;
    }
}
