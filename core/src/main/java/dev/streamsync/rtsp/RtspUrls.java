package dev.streamsync.rtsp;

import dev.streamsync.failure.Redaction;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/** URL helpers: credential redaction and RTSP control-URL resolution. Stateless, thread-safe. */
public final class RtspUrls {
    private RtspUrls() {
    }

    /**
     * The URL with any {@code user:password@} part removed: {@link Redaction#redact(String)}, the one
     * redaction (everything between {@code ://} and the last {@code @} before the path is dropped).
     */
    public static String redact(String url) {
        return Redaction.redact(url);
    }

    /**
     * User name and password from a URL string, found the same way {@link #redact} finds them (the
     * text between {@code ://} and the last {@code @} before the path), so that passwords containing
     * {@code @} or other characters a strict URI parser rejects still work. Percent-escapes are decoded.
     */
    public static Optional<RtspCredentials> credentialsOf(String url) {
        if (url == null) {
            return Optional.empty();
        }
        String redacted = redact(url);
        if (redacted.length() == url.length()) {
            return Optional.empty();
        }
        int authorityStart = url.indexOf("://") + 3;
        int infoEnd = url.length() - redacted.length() + authorityStart - 1; // index of the '@'
        String info = url.substring(authorityStart, infoEnd);
        int colon = info.indexOf(':');
        String user = colon < 0 ? info : info.substring(0, colon);
        String pass = colon < 0 ? "" : info.substring(colon + 1);
        return Optional.of(new RtspCredentials(decodeLenient(user), decodeLenient(pass)));
    }

    private static String decodeLenient(String s) {
        try {
            return decode(s);
        } catch (IllegalArgumentException e) {
            return s; // a literal '%' that is not an escape
        }
    }

    /** User name and password carried in the URL's user-info part, percent-decoded. */
    public static Optional<RtspCredentials> credentialsOf(URI uri) {
        String info = uri.getRawUserInfo();
        if (info == null || info.isEmpty()) {
            return Optional.empty();
        }
        int colon = info.indexOf(':');
        String user = colon < 0 ? info : info.substring(0, colon);
        String pass = colon < 0 ? "" : info.substring(colon + 1);
        return Optional.of(new RtspCredentials(decode(user), decode(pass)));
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The URI without user info (the form sent on the wire and shown in messages). */
    public static URI stripUserInfo(URI uri) {
        if (uri.getRawUserInfo() == null) {
            return uri;
        }
        try {
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getRawPath() == null ? null : uri.getPath(),
                    uri.getQuery(), uri.getFragment());
        } catch (URISyntaxException e) {
            return URI.create(redact(uri.toString()));
        }
    }

    /**
     * Resolves a media {@code a=control} value (RFC 2326 §C.1.1): {@code *} or empty means the base
     * itself; an absolute URL is used as is; otherwise it is relative to the base, which is treated as
     * a directory (cameras commonly send {@code Content-Base} without a trailing slash and mean
     * "append", e.g. base {@code rtsp://h/live} + {@code trackID=1} = {@code rtsp://h/live/trackID=1}).
     */
    public static String resolveControl(String base, String control) {
        String c = control == null ? "" : control.strip();
        if (c.isEmpty() || c.equals("*")) {
            return base;
        }
        String lower = c.toLowerCase(Locale.ROOT);
        if (lower.startsWith("rtsp://") || lower.startsWith("rtsps://") || lower.startsWith("rtspu://")) {
            return c;
        }
        if (c.startsWith("/")) {
            int scheme = base.indexOf("://");
            int slash = base.indexOf('/', scheme + 3);
            return (slash < 0 ? base : base.substring(0, slash)) + c;
        }
        // Appended to the whole base, query included, as FFmpeg and live555 do: cameras rely on it.
        return (base.endsWith("/") ? base : base + "/") + c;
    }
}
