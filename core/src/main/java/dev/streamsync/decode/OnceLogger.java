package dev.streamsync.decode;

import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;

/**
 * Logs the first occurrence of each kind of error and stays silent for repeats (which are counted in
 * {@link DecoderStats}). Bounded: after {@link #MAX_KINDS} distinct kinds, new kinds are not logged.
 * Thread-safe.
 */
final class OnceLogger {
    static final int MAX_KINDS = 64;

    private final Logger log;
    private final String subject;
    private final Set<String> seen = new HashSet<>();

    OnceLogger(Logger log, String subject) {
        this.log = log;
        this.subject = subject;
    }

    /** Logs {@code message} at WARN when {@code kind} was not logged before. */
    void warn(String kind, String message, Throwable cause) {
        synchronized (seen) {
            if (seen.size() >= MAX_KINDS || !seen.add(kind)) {
                return;
            }
        }
        if (cause != null) {
            log.warn("{}: {} (logged once for this kind; later ones only counted)", subject, message, cause);
        } else {
            log.warn("{}: {} (logged once for this kind; later ones only counted)", subject, message);
        }
    }
}
