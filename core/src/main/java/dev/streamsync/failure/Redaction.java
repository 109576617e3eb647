package dev.streamsync.failure;

/**
 * The one credential redaction of streamsync: every URL, failure message, log line, exception message
 * and {@code toString} that may contain a camera URL goes through {@link #redact(String)}.
 *
 * <p>Stateless and thread-safe.
 */
public final class Redaction {
    private Redaction() {
    }

    /**
     * {@code text} with the user information ({@code user:password@}) of every URL in it removed:
     * {@code "DESCRIBE failed (rtsp://admin:p@ss:w@10.0.0.7/s)"} becomes
     * {@code "DESCRIBE failed (rtsp://10.0.0.7/s)"}.
     *
     * <p>A URL starts at {@code ://}; its authority ends at the first {@code /}, {@code ?}, {@code #}
     * (RFC 3986 §3.2: these never stand raw in the authority; whitespace does not end it, a password may
     * hold a space), and the user information
     * ends at the <i>last</i> {@code @} of the authority, so that a password holding a raw {@code @} or
     * {@code :} (which cameras accept and users paste unescaped) is removed whole. An {@code @} in the
     * path or query is kept. Works on text that is not a valid URI; null gives the empty string.
     */
    public static String redact(String text) {
        return redact(text, "");
    }

    /**
     * As {@link #redact(String)}, but the user information is replaced by {@code marker} (e.g.
     * {@code "***@"}, so a reader sees that credentials were given) instead of removed.
     */
    public static String redact(String text, String marker) {
        if (text == null) {
            return "";
        }
        int scheme = text.indexOf("://");
        if (scheme < 0) {
            return text;
        }
        StringBuilder out = null;
        int copied = 0;
        while (scheme >= 0) {
            int authorityStart = scheme + 3;
            int authorityEnd = authorityStart;
            while (authorityEnd < text.length() && !endsAuthority(text.charAt(authorityEnd))) {
                authorityEnd++;
            }
            int at = text.lastIndexOf('@', authorityEnd - 1);
            if (at >= authorityStart) {
                if (out == null) {
                    out = new StringBuilder(text.length());
                }
                out.append(text, copied, authorityStart).append(marker);
                copied = at + 1;
            }
            scheme = text.indexOf("://", authorityStart);
        }
        if (out == null) {
            return text;
        }
        return out.append(text, copied, text.length()).toString();
    }

    private static boolean endsAuthority(char c) {
        // Not whitespace: passwords may hold a space; over-redacting prose is the safe side.
        return c == '/' || c == '?' || c == '#';
    }
}
