package dev.streamsync.rtsp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One challenge from a {@code WWW-Authenticate} header (RFC 7235 §2.1): a scheme and its
 * parameters. Immutable.
 *
 * @param scheme     lower case ({@code basic}, {@code digest})
 * @param parameters parameter names lower case, values unquoted
 */
public record AuthChallenge(String scheme, Map<String, String> parameters) {

    public AuthChallenge {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /** A parameter value, or the empty string. */
    public String parameter(String name) {
        return parameters.getOrDefault(name, "");
    }

    /**
     * Parses the challenges of one header value. Several challenges in one value are split where a
     * new token is followed by a space and a parameter list ({@code Basic realm="a", Digest realm="b", ...}).
     * Unreadable input gives an empty list rather than an exception.
     */
    public static List<AuthChallenge> parse(String headerValue) {
        List<AuthChallenge> out = new ArrayList<>();
        if (headerValue == null) {
            return out;
        }
        String s = headerValue;
        int i = 0;
        int n = s.length();
        String scheme = null;
        Map<String, String> params = new LinkedHashMap<>();
        while (i < n) {
            while (i < n && (s.charAt(i) == ' ' || s.charAt(i) == ',' || s.charAt(i) == '\t')) {
                i++;
            }
            int tokenStart = i;
            while (i < n && s.charAt(i) != ' ' && s.charAt(i) != '=' && s.charAt(i) != ',' && s.charAt(i) != '\t') {
                i++;
            }
            if (i == tokenStart) {
                i++;
                continue;
            }
            String token = s.substring(tokenStart, i);
            int j = i;
            while (j < n && (s.charAt(j) == ' ' || s.charAt(j) == '\t')) {
                j++;
            }
            if (j < n && s.charAt(j) == '=' && scheme != null) {
                // name=value parameter
                j++;
                while (j < n && (s.charAt(j) == ' ' || s.charAt(j) == '\t')) {
                    j++;
                }
                StringBuilder value = new StringBuilder();
                if (j < n && s.charAt(j) == '"') {
                    j++;
                    while (j < n && s.charAt(j) != '"') {
                        if (s.charAt(j) == '\\' && j + 1 < n) {
                            j++;
                        }
                        value.append(s.charAt(j));
                        j++;
                    }
                    j++;
                } else {
                    while (j < n && s.charAt(j) != ',') {
                        value.append(s.charAt(j));
                        j++;
                    }
                }
                params.putIfAbsent(token.toLowerCase(Locale.ROOT), value.toString().strip());
                i = j;
            } else {
                // a new scheme
                if (scheme != null) {
                    out.add(new AuthChallenge(scheme, params));
                    params = new LinkedHashMap<>();
                }
                scheme = token.toLowerCase(Locale.ROOT);
            }
        }
        if (scheme != null) {
            out.add(new AuthChallenge(scheme, params));
        }
        return out;
    }
}
