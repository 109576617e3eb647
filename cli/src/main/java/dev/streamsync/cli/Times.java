package dev.streamsync.cli;

/** Formatting of UTC microsecond times and microsecond durations, without floating-point rounding. */
final class Times {
    private Times() {
    }

    /** {@code HH:mm:ss.SSS} of a UTC time in microseconds since the epoch. */
    static String clockMillis(long utcMicros) {
        long ms = Math.floorDiv(utcMicros, 1000L);
        long dayMs = Math.floorMod(ms, 86_400_000L);
        return String.format(java.util.Locale.ROOT, "%02d:%02d:%02d.%03d", dayMs / 3_600_000, dayMs / 60_000 % 60, dayMs / 1000 % 60, dayMs % 1000);
    }

    /** Seconds since the epoch with six decimals ({@code 1763818872.345678}), exact. */
    static String epochSeconds(long utcMicros) {
        String sign = utcMicros < 0 ? "-" : "";
        long a = Math.abs(utcMicros);
        return sign + a / 1_000_000L + "." + String.format(java.util.Locale.ROOT, "%06d", a % 1_000_000L);
    }

    /** Milliseconds with three decimals ({@code -12.345}), exact. */
    static String millis(long micros) {
        String sign = micros < 0 ? "-" : "";
        long a = Math.abs(micros);
        return sign + a / 1000 + "." + String.format(java.util.Locale.ROOT, "%03d", a % 1000);
    }

    /** Milliseconds with two decimals and a sign ({@code +1.25}). */
    static String signedMillis2(long micros) {
        return String.format(java.util.Locale.ROOT, "%+.2f", micros / 1000.0);
    }
}
