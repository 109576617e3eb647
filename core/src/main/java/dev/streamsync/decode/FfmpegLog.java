package dev.streamsync.decode;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_DEBUG;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_FATAL;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_INFO;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_VERBOSE;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_WARNING;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.setLogCallback;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import org.bytedeco.ffmpeg.avutil.LogCallback;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FFmpeg's own log (libavutil {@code av_log}) routed to SLF4J, never raw to the process's stderr.
 * FFmpeg's default callback writes every line of every decoder to file descriptor 2: under a flood of
 * damaged RTP that was 2,074 lines in 0.8 s ({@code [h264 @ 0x…] non-existing PPS 0 referenced}),
 * unrelated to the application's logging and impossible to silence from Java.
 *
 * <p>One process-wide callback ({@code av_log_set_callback} is global in libavutil) is installed by
 * {@link #install()}, before any decoder or demuxer opens: {@link VideoDecoder} installs it when its
 * class loads, and file sources call it before {@code avformat_open_input}. Each line goes to the
 * logger {@value #LOGGER_NAME}, levels mapped:
 *
 * <table>
 * <caption>FFmpeg level to SLF4J level</caption>
 * <tr><th>FFmpeg</th><th>SLF4J</th></tr>
 * <tr><td>PANIC, FATAL</td><td>ERROR</td></tr>
 * <tr><td>ERROR, WARNING</td><td>WARN: FFmpeg's "error" is about one packet of input (a damaged
 *   slice, a missing parameter set); streamsync counts and reports those itself (decode errors,
 *   drops, read errors), so they are not errors of the application</td></tr>
 * <tr><td>INFO</td><td>INFO</td></tr>
 * <tr><td>VERBOSE</td><td>DEBUG</td></tr>
 * <tr><td>DEBUG, TRACE</td><td>TRACE</td></tr>
 * </table>
 *
 * <p>Rate-limited ({@link RateLimiter}): per interval of {@value #INTERVAL_SECONDS} s, at most
 * {@value #LINES_PER_KIND} lines of each kind (the text with context addresses and numbers masked) and
 * {@value #LINES_PER_INTERVAL} lines in all; the rest are counted ({@link #suppressedLines()}) and
 * summed up in one INFO line when the next interval begins. FFmpeg's level threshold
 * ({@code av_log_set_level}) follows what the logger has enabled at install time, so lines nobody
 * would see are not even formatted.
 *
 * <p>Threading: FFmpeg calls the callback on whatever thread logs (decoder threads, FFmpeg's slice
 * threads, file readers), concurrently; everything here is thread-safe. The callback object is kept
 * in a static field: the native side holds only its function pointer, so it must never be collected.
 */
public final class FfmpegLog {
    /** Name of the SLF4J logger FFmpeg's lines go to. */
    public static final String LOGGER_NAME = "dev.streamsync.ffmpeg";
    /** Lines of one kind logged per interval; further ones are counted. */
    static final int LINES_PER_KIND = 5;
    /** Lines of all kinds together logged per interval; further ones are counted. */
    static final int LINES_PER_INTERVAL = 50;
    /** Length of a rate-limiting interval. */
    static final long INTERVAL_SECONDS = 10;
    /** Distinct kinds tracked per interval; lines of further kinds are counted, not logged. */
    static final int MAX_KINDS = 256;

    private static final Logger LOG = LoggerFactory.getLogger(LOGGER_NAME);
    private static final Object INSTALL_LOCK = new Object();
    private static final AtomicLong SUPPRESSED = new AtomicLong();
    private static final AtomicLong LINES = new AtomicLong();
    private static final RateLimiter LIMITER = new RateLimiter(LINES_PER_KIND, LINES_PER_INTERVAL,
            TimeUnit.SECONDS.toNanos(INTERVAL_SECONDS), MAX_KINDS, System::nanoTime);
    /** The most verbose FFmpeg level passed on (FFmpeg's callback receives every level; av_log_set_level only filters its default callback). */
    private static volatile int threshold = AV_LOG_INFO;
    /** Strong reference: FFmpeg holds only the native function pointer. Guarded by INSTALL_LOCK. */
    private static Callback callback;

    private FfmpegLog() {
    }

    /**
     * Routes FFmpeg's log to SLF4J for the rest of the process. Idempotent and cheap after the first
     * call; call it before opening any FFmpeg decoder, demuxer or scaler.
     */
    public static void install() {
        synchronized (INSTALL_LOCK) {
            if (callback != null) {
                return;
            }
            Loader.load(org.bytedeco.ffmpeg.global.avutil.class);
            Callback c = new Callback();
            // The presets' native trampoline formats the line (av_log_format_line, with the
            // "[h264 @ 0x…] " prefix) and calls LogCallback.call with it.
            threshold = thresholdFor(LOG);
            av_log_set_level(threshold);
            setLogCallback(c);
            callback = c;
        }
    }

    /** True once {@link #install()} ran. */
    public static boolean installed() {
        synchronized (INSTALL_LOCK) {
            return callback != null;
        }
    }

    /** Non-empty FFmpeg lines that reached the callback (logged or suppressed) since start. */
    public static long lines() {
        return LINES.get();
    }

    /** FFmpeg lines counted but not logged because of the rate limit, since start. */
    public static long suppressedLines() {
        return SUPPRESSED.get();
    }

    /** The most verbose FFmpeg level whose lines the logger would show. */
    static int thresholdFor(Logger log) {
        if (log.isTraceEnabled()) {
            return AV_LOG_DEBUG; // not AV_LOG_TRACE: per-bit traces of FFmpeg's parsers, far too many
        }
        if (log.isDebugEnabled()) {
            return AV_LOG_VERBOSE;
        }
        if (log.isInfoEnabled()) {
            return AV_LOG_INFO;
        }
        return AV_LOG_WARNING;
    }

    /** One formatted line of FFmpeg at {@code level}; any thread. */
    static void onLine(int level, String line) {
        if (level > threshold) {
            return; // a level the logger would not show: neither counted nor rate-limited
        }
        String text = stripNewline(line);
        if (text.isEmpty()) {
            return;
        }
        LINES.incrementAndGet();
        RateLimiter.Verdict verdict = LIMITER.offer(text);
        if (verdict.summary() != null) {
            LOG.info(verdict.summary());
        }
        if (!verdict.log()) {
            SUPPRESSED.incrementAndGet();
            return;
        }
        if (level <= AV_LOG_FATAL) {
            LOG.error(text);
        } else if (level <= AV_LOG_WARNING) {
            LOG.warn(text);
        } else if (level <= AV_LOG_INFO) {
            LOG.info(text);
        } else if (level <= AV_LOG_VERBOSE) {
            LOG.debug(text);
        } else {
            LOG.trace(text);
        }
    }

    private static String stripNewline(String line) {
        int end = line.length();
        while (end > 0 && (line.charAt(end - 1) == '\n' || line.charAt(end - 1) == '\r')) {
            end--;
        }
        return line.substring(0, end);
    }

    /** Called by FFmpeg's log trampoline on the logging thread; never lets anything escape into native code. */
    private static final class Callback extends LogCallback {
        @Override
        public void call(int level, BytePointer line) {
            try {
                onLine(level, line.getString());
            } catch (Throwable t) {
                // Nothing may unwind into FFmpeg; a logging failure is not worth a crash.
            }
        }
    }

    /**
     * The rate limit: per interval, at most {@code perKind} lines of each kind and {@code total} lines
     * in all. A line's kind is its text with context addresses ({@code @ 0x7f…}) and numbers masked, so
     * "error while decoding MB 3 4" and "... MB 7 9" are one kind. Thread-safe; deterministic given
     * its clock.
     */
    static final class RateLimiter {
        private static final Pattern ADDRESS = Pattern.compile("@ 0x[0-9a-fA-F]+");
        private static final Pattern NUMBER = Pattern.compile("\\b[0-9]+\\b"); // "MB 3 4" masked, "h264" kept

        /** Whether to log the line, and a summary of the previous interval to log first (or null). */
        record Verdict(boolean log, String summary) {
        }

        private static final Verdict LOG_LINE = new Verdict(true, null);
        private static final Verdict SUPPRESS_LINE = new Verdict(false, null);

        private final int perKind;
        private final int total;
        private final long intervalNanos;
        private final int maxKinds;
        private final LongSupplier nanoClock;
        private final Map<String, int[]> countsByKind = new HashMap<>();
        private long intervalStartNanos;
        private boolean started;
        private int loggedInInterval;
        private long suppressedInInterval;
        private String mostSuppressedKind;
        private int mostSuppressedCount;

        RateLimiter(int perKind, int total, long intervalNanos, int maxKinds, LongSupplier nanoClock) {
            this.perKind = perKind;
            this.total = total;
            this.intervalNanos = intervalNanos;
            this.maxKinds = maxKinds;
            this.nanoClock = nanoClock;
        }

        static String kindOf(String line) {
            return NUMBER.matcher(ADDRESS.matcher(line).replaceAll("@")).replaceAll("#");
        }

        synchronized Verdict offer(String line) {
            long now = nanoClock.getAsLong();
            String summary = null;
            if (!started || now - intervalStartNanos >= intervalNanos) {
                if (started && suppressedInInterval > 0) {
                    summary = "FFmpeg: " + suppressedInInterval + " more log lines in the last "
                            + TimeUnit.NANOSECONDS.toSeconds(now - intervalStartNanos) + " s not shown (rate limit of "
                            + perKind + " per kind and " + total + " per " + TimeUnit.NANOSECONDS.toSeconds(intervalNanos)
                            + " s)" + (mostSuppressedKind == null ? "" : "; most frequent: \"" + mostSuppressedKind
                            + "\" x" + mostSuppressedCount);
                }
                started = true;
                intervalStartNanos = now;
                countsByKind.clear();
                loggedInInterval = 0;
                suppressedInInterval = 0;
                mostSuppressedKind = null;
                mostSuppressedCount = 0;
            }
            String kind = kindOf(line);
            int[] count = countsByKind.get(kind);
            if (count == null && countsByKind.size() < maxKinds) {
                count = new int[2]; // [0] logged, [1] suppressed
                countsByKind.put(kind, count);
            }
            boolean log = count != null && count[0] < perKind && loggedInInterval < total;
            if (log) {
                count[0]++;
                loggedInInterval++;
            } else {
                suppressedInInterval++;
                if (count != null && ++count[1] > mostSuppressedCount) {
                    mostSuppressedCount = count[1];
                    mostSuppressedKind = kind;
                }
            }
            if (summary != null) {
                return new Verdict(log, summary);
            }
            return log ? LOG_LINE : SUPPRESS_LINE;
        }
    }
}
