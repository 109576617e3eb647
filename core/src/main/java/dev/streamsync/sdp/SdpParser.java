package dev.streamsync.sdp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses SDP (RFC 8866) as cameras really send it. Stateless and thread-safe.
 *
 * <p>Tolerated (each seen from real cameras): missing {@code v=} and {@code o=} lines, LF-only line
 * ends, trailing spaces, {@code c=} lines in odd forms (ignored: RTSP gets addresses from the
 * Transport header), a bare {@code a=fmtp:96} with no parameters, garbage in
 * {@code sprop-parameter-sets} (see {@link MediaDescription#parameterSets()}), lines without
 * {@code =} (skipped), upper/lower case encoding names, a missing {@code a=rtpmap}
 * (clock rate 0: the caller decides). The hard errors are a description without any {@code m=} line and
 * one with more than {@value #MAX_MEDIA_SECTIONS} media sections.
 */
public final class SdpParser {
    /** Upper bound of lines looked at, so a hostile body cannot make parsing expensive. */
    private static final int MAX_LINES = 4096;
    /**
     * Most media sections ({@code m=} lines) read. Real cameras list 1 to 4 (video, sub-stream, audio,
     * metadata); a hostile server listing 1,000 video tracks in a 62 KB body used to cost 512 KB of
     * buffers per track. Beyond this the description is refused with an {@link SdpLimitException}.
     */
    public static final int MAX_MEDIA_SECTIONS = 32;

    private SdpParser() {
    }

    /**
     * Parses a session description.
     *
     * @throws SdpException when the text has no media section
     * @throws SdpLimitException when it has more than {@value #MAX_MEDIA_SECTIONS}
     */
    public static SessionDescription parse(String text) throws SdpException {
        String sessionName = "";
        String sessionControl = "";
        String sessionMediaclk = "";
        List<String> sessionRefclk = new ArrayList<>();
        List<MediaBuilder> media = new ArrayList<>();
        MediaBuilder current = null;
        String[] lines = text.split("\r\n|\n|\r", MAX_LINES + 1);
        int n = Math.min(lines.length, MAX_LINES);
        for (int i = 0; i < n; i++) {
            String line = lines[i].strip();
            if (line.length() < 2 || line.charAt(1) != '=') {
                continue;
            }
            char type = line.charAt(0);
            String value = line.substring(2).strip();
            if (type == 'm') {
                if (media.size() == MAX_MEDIA_SECTIONS) {
                    throw new SdpLimitException("session description lists more than " + MAX_MEDIA_SECTIONS
                            + " media sections (m= lines), the limit of SdpParser.MAX_MEDIA_SECTIONS", "MAX_MEDIA_SECTIONS",
                            MAX_MEDIA_SECTIONS);
                }
                current = new MediaBuilder(value);
                media.add(current);
            } else if (type == 's' && current == null) {
                sessionName = value;
            } else if (type == 'a') {
                int colon = value.indexOf(':');
                String name = (colon < 0 ? value : value.substring(0, colon)).strip().toLowerCase(Locale.ROOT);
                String attr = colon < 0 ? "" : value.substring(colon + 1).strip();
                if (current == null) {
                    switch (name) {
                        case "control" -> sessionControl = attr;
                        case "ts-refclk" -> sessionRefclk.add(attr);
                        case "mediaclk" -> sessionMediaclk = attr;
                        default -> { }
                    }
                } else {
                    current.attribute(name, attr);
                }
            }
        }
        if (media.isEmpty()) {
            throw new SdpException("session description has no media section (m= line)");
        }
        List<MediaDescription> built = new ArrayList<>(media.size());
        for (MediaBuilder b : media) {
            built.add(b.build());
        }
        return new SessionDescription(sessionName, sessionControl, sessionRefclk, sessionMediaclk, built);
    }

    private static final class MediaBuilder {
        final String media;
        final String protocol;
        final List<Integer> formats = new ArrayList<>();
        final Map<Integer, String> rtpmap = new HashMap<>();
        final Map<Integer, String> fmtpLines = new HashMap<>();
        final List<Extmap> extmaps = new ArrayList<>();
        final List<String> refclk = new ArrayList<>();
        String control = "";
        String mediaclk = "";

        MediaBuilder(String mLine) {
            String[] f = mLine.split("\\s+");
            media = f.length > 0 ? f[0] : "";
            protocol = f.length > 2 ? f[2] : "";
            for (int i = 3; i < f.length; i++) {
                Integer pt = parseInt(f[i]);
                if (pt != null) {
                    formats.add(pt);
                }
            }
        }

        void attribute(String name, String value) {
            switch (name) {
                case "control" -> control = value;
                case "rtpmap" -> {
                    String[] f = value.split("\\s+", 2);
                    Integer pt = parseInt(f[0]);
                    if (pt != null && f.length == 2) {
                        rtpmap.put(pt, f[1].strip());
                    }
                }
                case "fmtp" -> {
                    String[] f = value.split("\\s+", 2);
                    Integer pt = parseInt(f[0]);
                    if (pt != null) {
                        // Quirk: a bare "a=fmtp:96" with no parameters is accepted as empty.
                        fmtpLines.put(pt, f.length == 2 ? f[1] : "");
                    }
                }
                case "extmap" -> {
                    String[] f = value.split("\\s+", 3);
                    String idPart = f[0];
                    String direction = "";
                    int slash = idPart.indexOf('/');
                    if (slash >= 0) {
                        direction = idPart.substring(slash + 1);
                        idPart = idPart.substring(0, slash);
                    }
                    Integer id = parseInt(idPart);
                    if (id != null && id >= 1 && id <= 255 && f.length >= 2) {
                        extmaps.add(new Extmap(id, direction, f[1], f.length == 3 ? f[2] : ""));
                    }
                }
                case "ts-refclk" -> refclk.add(value);
                case "mediaclk" -> mediaclk = value;
                default -> { }
            }
        }

        MediaDescription build() {
            int chosen = -1;
            for (int pt : formats) {
                String enc = encodingOf(pt);
                if (enc.equals("H264") || enc.equals("H265") || enc.equals("HEVC")) {
                    chosen = pt;
                    break;
                }
            }
            if (chosen < 0 && !formats.isEmpty()) {
                chosen = formats.get(0);
            }
            String encoding = chosen < 0 ? "" : encodingOf(chosen);
            int clockRateHz = 0;
            String map = rtpmap.get(chosen);
            if (map != null) {
                String[] f = map.split("/");
                if (f.length >= 2) {
                    Integer rate = parseInt(f[1].strip());
                    clockRateHz = rate == null || rate < 0 ? 0 : rate;
                }
            }
            Map<String, String> fmtp = new LinkedHashMap<>();
            String params = fmtpLines.get(chosen);
            if (params != null) {
                for (String p : params.split(";")) {
                    String kv = p.strip();
                    if (kv.isEmpty()) {
                        continue;
                    }
                    int eq = kv.indexOf('=');
                    String key = (eq < 0 ? kv : kv.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
                    String val = eq < 0 ? "" : kv.substring(eq + 1).strip();
                    fmtp.putIfAbsent(key, val);
                }
            }
            return new MediaDescription(media, protocol, chosen, encoding, clockRateHz, control, fmtp, extmaps, refclk,
                    mediaclk);
        }

        private String encodingOf(int pt) {
            String map = rtpmap.get(pt);
            if (map == null) {
                return "";
            }
            int slash = map.indexOf('/');
            return (slash < 0 ? map : map.substring(0, slash)).strip().toUpperCase(Locale.ROOT);
        }
    }

    private static Integer parseInt(String s) {
        if (s.isEmpty() || s.length() > 9) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return null;
            }
        }
        return Integer.parseInt(s);
    }
}
