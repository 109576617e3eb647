package dev.streamsync.clock;

/**
 * NTP 64-bit timestamps (RFC 5905 §6): 32 bits of seconds since 1900-01-01T00:00Z and 32 bits of
 * binary fraction, carried as a Java {@code long} holding the unsigned 64-bit value.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                            Seconds                            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                            Fraction                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>Era handling: the seconds field wraps on 2036-02-07T06:28:16Z. Following RFC 4330 §3 (and
 * RFC 5905 §6), a timestamp whose most significant bit is 0 is taken to be in era 1 (2036..2104)
 * and one whose MSB is 1 in era 0 (1968..2036). The conversions are therefore valid for Unix times
 * from 1968-01-20T03:14:08Z to 2104-02-26T09:42:23Z. The value 0 means "time unknown" (RFC 3550
 * §6.4.1 allows a sender without wallclock to send 0) and callers must test for it themselves.
 *
 * <p>Stateless; thread-safe.
 */
public final class Ntp {
    /** Seconds from the NTP epoch (1900-01-01) to the Unix epoch (1970-01-01). */
    public static final long NTP_TO_UNIX_SECONDS = 2_208_988_800L;
    /** Seconds in one NTP era (2^32). */
    public static final long ERA_SECONDS = 1L << 32;
    /** The NTP value meaning "no wallclock time available" (RFC 3550 §6.4.1). */
    public static final long UNKNOWN = 0L;

    private static final long MICROS_PER_SECOND = 1_000_000L;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private Ntp() {}

    /** Unix seconds of the NTP seconds field, applying the era rule above. */
    private static long unixSeconds(long ntpTimestamp64) {
        long ntpSeconds = ntpTimestamp64 >>> 32;
        // RFC 4330 §3: MSB 0 means the era starting 2036-02-07T06:28:16Z.
        if ((ntpSeconds & 0x8000_0000L) == 0) {
            ntpSeconds += ERA_SECONDS;
        }
        return ntpSeconds - NTP_TO_UNIX_SECONDS;
    }

    /** Converts an NTP timestamp to microseconds since the Unix epoch, rounding to nearest. */
    public static long ntpToUnixMicros(long ntpTimestamp64) {
        long fraction = ntpTimestamp64 & 0xFFFF_FFFFL;
        return unixSeconds(ntpTimestamp64) * MICROS_PER_SECOND
                + ((fraction * MICROS_PER_SECOND + 0x8000_0000L) >>> 32);
    }

    /** Converts an NTP timestamp to nanoseconds since the Unix epoch, rounding to nearest. */
    public static long ntpToUnixNanos(long ntpTimestamp64) {
        long fraction = ntpTimestamp64 & 0xFFFF_FFFFL;
        // fraction * 1e9 < 2^32 * 2^30 = 2^62: no overflow.
        return unixSeconds(ntpTimestamp64) * NANOS_PER_SECOND
                + ((fraction * NANOS_PER_SECOND + 0x8000_0000L) >>> 32);
    }

    /** Converts microseconds since the Unix epoch to an NTP timestamp (fraction rounded to nearest). */
    public static long unixMicrosToNtp(long unixMicros) {
        long seconds = Math.floorDiv(unixMicros, MICROS_PER_SECOND);
        long micros = Math.floorMod(unixMicros, MICROS_PER_SECOND);
        long fraction = ((micros << 32) + MICROS_PER_SECOND / 2) / MICROS_PER_SECOND;
        return pack(seconds, fraction);
    }

    /** Converts nanoseconds since the Unix epoch to an NTP timestamp (fraction rounded to nearest). */
    public static long unixNanosToNtp(long unixNanos) {
        long seconds = Math.floorDiv(unixNanos, NANOS_PER_SECOND);
        long nanos = Math.floorMod(unixNanos, NANOS_PER_SECOND);
        long fraction = ((nanos << 32) + NANOS_PER_SECOND / 2) / NANOS_PER_SECOND;
        return pack(seconds, fraction);
    }

    private static long pack(long unixSeconds, long fraction) {
        if (fraction == (1L << 32)) {
            unixSeconds++;
            fraction = 0;
        }
        long ntpSeconds = (unixSeconds + NTP_TO_UNIX_SECONDS) & 0xFFFF_FFFFL;
        return (ntpSeconds << 32) | fraction;
    }

    /**
     * The middle 32 bits of an NTP timestamp (16 bits of seconds, 16 bits of fraction), the
     * "compact" form used by LSR in RTCP report blocks (RFC 3550 §6.4.1).
     */
    public static long middle32(long ntpTimestamp64) {
        return (ntpTimestamp64 >>> 16) & 0xFFFF_FFFFL;
    }
}
