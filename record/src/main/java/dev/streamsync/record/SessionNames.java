package dev.streamsync.record;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Names of recorded sessions (DESIGN.md, "Recorded sessions"): the default name is the UTC start
 * time to the second, {@code YYYY-MM-DDTHH-MM-SSZ} (colons replaced by dashes so the name is a valid
 * folder name on every file system). Stateless; any thread.
 */
public final class SessionNames {
    private static final DateTimeFormatter DEFAULT_NAME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH-mm-ss'Z'")
            .withZone(ZoneOffset.UTC);

    private SessionNames() {
    }

    /** The default name of a session started at {@code startUtc}, e.g. {@code 2026-12-03T17-05-09Z}. */
    public static String defaultName(Instant startUtc) {
        return DEFAULT_NAME.format(startUtc.truncatedTo(ChronoUnit.SECONDS));
    }

    /**
     * Checks a user-given session name: one path element, not empty, not {@code .} or {@code ..},
     * no path separator or NUL. Returns the name.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static String requireValid(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("session name is empty");
        }
        if (name.equals(".") || name.equals("..") || name.indexOf('/') >= 0 || name.indexOf('\\') >= 0
                || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("session name must be one folder name (no '/', '\\', '.' or '..'): " + name);
        }
        return name;
    }
}
