package dev.streamsync.sim.rtsp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks {@code Authorization} headers against one user and password, and writes the
 * {@code WWW-Authenticate} challenges of a 401 response.
 *
 * <p>Digest (RFC 7616 §3.4.1): {@code response = H(H(user:realm:password):nonce:nc:cnonce:qop:H(method:uri))}
 * with qop=auth, or the RFC 2069 form {@code H(HA1:nonce:HA2)} when the client sends no qop. Nonces are
 * random, remembered (at most {@value #MAX_NONCES}) and valid for {@value #NONCE_LIFETIME_SECONDS} s; an
 * unknown or expired nonce gets a new challenge with {@code stale=true}. The nonce count is not checked
 * for replays: this is a test camera, not a security boundary.
 *
 * <p>Threading: thread-safe (the nonce table is synchronized). The password is never logged or
 * included in {@link #toString()}.
 */
public final class RtspAuthenticator {

    /** Realm sent in every challenge. */
    public static final String REALM = "streamsync-sim";
    static final int MAX_NONCES = 1024;
    static final long NONCE_LIFETIME_SECONDS = 300;

    private final String user;
    private final String password;
    private final Set<AuthScheme> schemes;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Long> nonces = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > MAX_NONCES;
        }
    };

    /**
     * @param schemes the accepted schemes, at least one
     */
    public RtspAuthenticator(String user, String password, Set<AuthScheme> schemes) {
        if (schemes.isEmpty()) {
            throw new IllegalArgumentException("no authentication scheme");
        }
        this.user = user;
        this.password = password;
        this.schemes = EnumSet.copyOf(schemes);
    }

    /** Whether the request carries valid credentials for one of the enabled schemes. */
    public boolean isAuthorized(String method, String requestUri, String authorization) {
        if (authorization == null) {
            return false;
        }
        String trimmed = authorization.trim();
        if (startsWithIgnoreCase(trimmed, "Basic ") && schemes.contains(AuthScheme.BASIC)) {
            byte[] expected = Base64.getEncoder()
                    .encode((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            return MessageDigest.isEqual(expected, trimmed.substring(6).trim().getBytes(StandardCharsets.US_ASCII));
        }
        if (startsWithIgnoreCase(trimmed, "Digest ")) {
            return checkDigest(method, requestUri, parseParams(trimmed.substring(7)));
        }
        return false;
    }

    /** Whether the request's Digest credentials were right except for an unknown or expired nonce. */
    public boolean isStale(String authorization) {
        if (authorization == null || !startsWithIgnoreCase(authorization.trim(), "Digest ")) {
            return false;
        }
        String nonce = parseParams(authorization.trim().substring(7)).get("nonce");
        return nonce != null && !nonceValid(nonce);
    }

    /** The values of the {@code WWW-Authenticate} headers of a 401 response, most preferred first. */
    public List<String> challenges(boolean stale) {
        List<String> out = new ArrayList<>();
        for (AuthScheme scheme : new AuthScheme[] {AuthScheme.DIGEST_SHA256, AuthScheme.DIGEST_MD5}) {
            if (schemes.contains(scheme)) {
                String algorithm = scheme == AuthScheme.DIGEST_SHA256 ? "SHA-256" : "MD5";
                // A fresh nonce per challenge; FFmpeg uses the last Digest challenge it reads (libavformat
                // httpauth.c), which is why MD5 comes after SHA-256 here.
                out.add("Digest realm=\"" + REALM + "\", nonce=\"" + newNonce() + "\", algorithm=" + algorithm
                        + ", qop=\"auth\"" + (stale ? ", stale=true" : ""));
            }
        }
        if (schemes.contains(AuthScheme.BASIC)) {
            out.add("Basic realm=\"" + REALM + "\"");
        }
        return out;
    }

    private boolean checkDigest(String method, String requestUri, Map<String, String> p) {
        String algorithm = p.getOrDefault("algorithm", "MD5");
        AuthScheme scheme;
        String hashName;
        if (algorithm.equalsIgnoreCase("MD5")) {
            scheme = AuthScheme.DIGEST_MD5;
            hashName = "MD5";
        } else if (algorithm.equalsIgnoreCase("SHA-256")) {
            scheme = AuthScheme.DIGEST_SHA256;
            hashName = "SHA-256";
        } else {
            return false;
        }
        String nonce = p.get("nonce");
        String uri = p.get("uri");
        String response = p.get("response");
        if (!schemes.contains(scheme) || nonce == null || uri == null || response == null
                || !user.equals(p.get("username")) || !REALM.equals(p.get("realm")) || !uri.equals(requestUri)
                || !nonceValid(nonce)) {
            return false;
        }
        String ha1 = hash(hashName, user + ":" + REALM + ":" + password);
        String ha2 = hash(hashName, method + ":" + uri);
        String qop = p.get("qop");
        String expected;
        if (qop == null) {
            expected = hash(hashName, ha1 + ":" + nonce + ":" + ha2);
        } else if (qop.equalsIgnoreCase("auth") && p.get("nc") != null && p.get("cnonce") != null) {
            expected = hash(hashName, ha1 + ":" + nonce + ":" + p.get("nc") + ":" + p.get("cnonce") + ":auth:" + ha2);
        } else {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                response.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }

    private String newNonce() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        String nonce = HexFormat.of().formatHex(bytes);
        synchronized (nonces) {
            nonces.put(nonce, System.nanoTime());
        }
        return nonce;
    }

    private boolean nonceValid(String nonce) {
        synchronized (nonces) {
            Long issued = nonces.get(nonce);
            return issued != null && System.nanoTime() - issued < NONCE_LIFETIME_SECONDS * 1_000_000_000L;
        }
    }

    /** Parses {@code key=value, key="quoted, value"} lists (RFC 7235 §2.1 auth-param). */
    static Map<String, String> parseParams(String s) {
        Map<String, String> out = new HashMap<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            while (i < n && (s.charAt(i) == ',' || Character.isWhitespace(s.charAt(i)))) {
                i++;
            }
            int eq = s.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            String key = s.substring(i, eq).trim().toLowerCase(java.util.Locale.ROOT);
            i = eq + 1;
            String value;
            if (i < n && s.charAt(i) == '"') {
                StringBuilder b = new StringBuilder();
                i++;
                while (i < n && s.charAt(i) != '"') {
                    if (s.charAt(i) == '\\' && i + 1 < n) {
                        i++;
                    }
                    b.append(s.charAt(i++));
                }
                i++;
                value = b.toString();
            } else {
                int end = s.indexOf(',', i);
                if (end < 0) {
                    end = n;
                }
                value = s.substring(i, end).trim();
                i = end;
            }
            out.put(key, value);
        }
        return out;
    }

    static String hash(String algorithm, String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " missing from the JDK", e);
        }
    }

    private static boolean startsWithIgnoreCase(String s, String prefix) {
        return s.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    @Override
    public String toString() {
        return "RtspAuthenticator[user=" + user + ", schemes=" + schemes + "]";
    }
}
