package dev.streamsync.rtsp;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Parsers for the RTSP header values the client reads: {@code Session}, {@code Transport},
 * {@code RTP-Info}, {@code Range: clock=}, {@code Public}. Stateless and thread-safe; never throw on
 * bad input (unreadable parts are left out).
 */
public final class RtspHeaderValues {
    private RtspHeaderValues() {
    }

    /**
     * {@code Session: 12345678;timeout=60} (RFC 2326 §12.37).
     *
     * @param id             session id sent back in later requests
     * @param timeoutSeconds the server's timeout, 60 when not given
     */
    public record Session(String id, int timeoutSeconds) {
    }

    /** Parses a Session header; null for a null or empty value. */
    public static Session session(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        // limit -1 here and below: a value of only separators splits into empty strings, not into
        // nothing, so [0] exists (found by Jazzer: "Session: ;", "Transport: ...;interleaved=-")
        String[] parts = value.split(";", -1);
        String id = parts[0].strip();
        int timeout = 60;
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].strip();
            if (p.toLowerCase(Locale.ROOT).startsWith("timeout=")) {
                try {
                    int t = Integer.parseInt(p.substring(8).strip());
                    // Quirk: some cameras announce timeout=0 or absurd values; keep keepalives sane.
                    timeout = t <= 0 ? 60 : Math.min(t, 3600);
                } catch (NumberFormatException e) {
                    timeout = 60;
                }
            }
        }
        return new Session(id, timeout);
    }

    /**
     * The fields of a {@code Transport} answer the client uses (RFC 2326 §12.39).
     *
     * @param interleavedRtp  interleaved RTP channel, -1 when absent
     * @param interleavedRtcp interleaved RTCP channel, -1 when absent
     * @param serverRtpPort   server_port RTP, -1 when absent
     * @param serverRtcpPort  server_port RTCP, -1 when absent
     * @param source          {@code source=} address, or empty
     * @param ssrc            {@code ssrc=} as unsigned 32-bit value, -1 when absent
     */
    public record Transport(int interleavedRtp, int interleavedRtcp, int serverRtpPort, int serverRtcpPort, String source,
                            long ssrc) {
    }

    /** Parses a Transport header value (the first transport spec when several are listed). */
    public static Transport transport(String value) {
        int il0 = -1;
        int il1 = -1;
        int sp0 = -1;
        int sp1 = -1;
        String source = "";
        long ssrc = -1;
        if (value != null) {
            String first = value.split(",", -1)[0];
            for (String p : first.split(";")) {
                String kv = p.strip();
                int eq = kv.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String k = kv.substring(0, eq).strip().toLowerCase(Locale.ROOT);
                String v = kv.substring(eq + 1).strip();
                switch (k) {
                    case "interleaved" -> {
                        int[] r = range(v);
                        il0 = r[0];
                        il1 = r[1];
                    }
                    case "server_port" -> {
                        int[] r = range(v);
                        sp0 = r[0];
                        sp1 = r[1];
                    }
                    case "source" -> source = v;
                    case "ssrc" -> {
                        try {
                            ssrc = Long.parseLong(v, 16) & 0xFFFF_FFFFL;
                        } catch (NumberFormatException e) {
                            ssrc = -1;
                        }
                    }
                    default -> { }
                }
            }
        }
        if (il0 >= 0 && il1 < 0) {
            il1 = il0 + 1; // "interleaved=0" alone: the RTCP channel is the next one (RFC 2326 §12.39)
        }
        if (sp0 >= 0 && sp1 < 0) {
            sp1 = sp0 + 1;
        }
        return new Transport(il0, il1, sp0, sp1, source, ssrc);
    }

    private static int[] range(String v) {
        String[] f = v.split("-", -1);
        int a = parseIntOr(f[0], -1);
        int b = f.length > 1 ? parseIntOr(f[1], -1) : -1;
        if (a < 0 || a > 65535) {
            a = -1;
        }
        if (b < 0 || b > 65535) {
            b = -1;
        }
        return new int[] {a, b};
    }

    private static int parseIntOr(String s, int dflt) {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    /**
     * One entry of {@code RTP-Info} (RFC 2326 §12.33).
     *
     * @param url          the stream URL as the server wrote it
     * @param sequence     {@code seq}, -1 when absent
     * @param rtpTimestamp {@code rtptime} (unsigned 32-bit), -1 when absent
     */
    public record RtpInfo(String url, int sequence, long rtpTimestamp) {
    }

    /** Parses RTP-Info; entries are separated by commas, fields by semicolons. */
    public static List<RtpInfo> rtpInfo(String value) {
        List<RtpInfo> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        // Split on ",url=" boundaries only: URLs may themselves contain commas.
        String lower = value.toLowerCase(Locale.ROOT);
        List<Integer> starts = new ArrayList<>();
        int idx = lower.indexOf("url=");
        while (idx >= 0) {
            starts.add(idx);
            idx = lower.indexOf("url=", idx + 4);
            while (idx > 0 && !precededByComma(lower, idx)) {
                idx = lower.indexOf("url=", idx + 4);
            }
        }
        for (int i = 0; i < starts.size(); i++) {
            int end = i + 1 < starts.size() ? starts.get(i + 1) : value.length();
            String entry = value.substring(starts.get(i), end).strip();
            if (entry.endsWith(",")) {
                entry = entry.substring(0, entry.length() - 1);
            }
            String url = "";
            int seq = -1;
            long rtptime = -1;
            for (String p : entry.split(";")) {
                String kv = p.strip();
                int eq = kv.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String k = kv.substring(0, eq).strip().toLowerCase(Locale.ROOT);
                String v = kv.substring(eq + 1).strip();
                switch (k) {
                    case "url" -> url = v;
                    case "seq" -> {
                        int s = parseIntOr(v, -1);
                        seq = s >= 0 && s <= 65535 ? s : -1;
                    }
                    case "rtptime" -> {
                        try {
                            long t = Long.parseLong(v);
                            rtptime = t >= 0 && t <= 0xFFFF_FFFFL ? t : -1;
                        } catch (NumberFormatException e) {
                            rtptime = -1;
                        }
                    }
                    default -> { }
                }
            }
            out.add(new RtpInfo(url, seq, rtptime));
        }
        return out;
    }

    private static boolean precededByComma(String s, int idx) {
        for (int i = idx - 1; i >= 0; i--) {
            char c = s.charAt(i);
            if (c == ',') {
                return true;
            }
            if (c != ' ' && c != '\t') {
                return false;
            }
        }
        return false;
    }

    /**
     * The start of a {@code Range: clock=YYYYMMDDThhmmss[.fraction]Z-...} value (RFC 2326 §3.7), in µs
     * since the Unix epoch; empty when the range is not a clock range or unreadable.
     */
    public static OptionalLong rangeClockStartUtcMicros(String value) {
        if (value == null) {
            return OptionalLong.empty();
        }
        String v = value.strip();
        int semi = v.indexOf(';');
        if (semi >= 0) {
            v = v.substring(0, semi); // "clock=...;time=..." (RFC 2326 §12.29 allows a time parameter)
        }
        if (!v.toLowerCase(Locale.ROOT).startsWith("clock=")) {
            return OptionalLong.empty();
        }
        String start = v.substring(6);
        int dash = start.indexOf('-');
        if (dash >= 0) {
            start = start.substring(0, dash);
        }
        start = start.strip();
        if (!start.endsWith("Z") && !start.endsWith("z")) {
            return OptionalLong.empty();
        }
        start = start.substring(0, start.length() - 1);
        int t = start.indexOf('T') >= 0 ? start.indexOf('T') : start.indexOf('t');
        if (t != 8 || start.length() < 15) {
            return OptionalLong.empty();
        }
        try {
            int year = Integer.parseInt(start.substring(0, 4));
            int month = Integer.parseInt(start.substring(4, 6));
            int day = Integer.parseInt(start.substring(6, 8));
            int hour = Integer.parseInt(start.substring(9, 11));
            int minute = Integer.parseInt(start.substring(11, 13));
            int second = Integer.parseInt(start.substring(13, 15));
            long micros = 0;
            if (start.length() > 15) {
                if (start.charAt(15) != '.') {
                    return OptionalLong.empty();
                }
                String frac = (start.substring(16) + "000000").substring(0, 6);
                micros = Long.parseLong(frac);
            }
            long epochSeconds = LocalDateTime.of(year, month, day, hour, minute, second).toEpochSecond(ZoneOffset.UTC);
            return OptionalLong.of(epochSeconds * 1_000_000L + micros);
        } catch (RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** True when a {@code Public} header lists the method (case-insensitive). */
    public static boolean publicHas(String publicHeader, String method) {
        if (publicHeader == null) {
            return false;
        }
        for (String m : publicHeader.split(",")) {
            if (m.strip().equalsIgnoreCase(method)) {
                return true;
            }
        }
        return false;
    }
}
