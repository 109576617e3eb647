package dev.streamsync.rtsp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Computes {@code Authorization} headers for Basic (RFC 7617) and Digest (RFC 7616, with the RFC 2069
 * form when the server offers no qop) authentication, for one session.
 *
 * <p>Digest algorithms: MD5, SHA-256 and their {@code -sess} variants; {@code qop=auth} when offered
 * ({@code auth-int} is not). When several challenges are offered the strongest is used: Digest
 * SHA-256, then Digest MD5, then Basic. Every 401 brings a challenge that replaces the previous one
 * (new nonce, nonce count restarts at 1).
 *
 * <p>Threading: not thread-safe; used on the session's event loop. {@link #toString()} shows no secret.
 */
public final class RtspAuthenticator {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final RtspCredentials credentials;
    private AuthChallenge challenge;
    private String algorithm = "MD5";
    private boolean sess;
    private boolean qopAuth;
    private int nonceCount;

    public RtspAuthenticator(RtspCredentials credentials) {
        this.credentials = credentials;
    }

    /**
     * Takes the strongest supported challenge out of the {@code WWW-Authenticate} header values.
     *
     * @return the chosen challenge, or empty when none is supported
     */
    public Optional<AuthChallenge> onChallenges(List<String> headerValues) {
        AuthChallenge best = null;
        int bestRank = 0;
        for (String value : headerValues) {
            for (AuthChallenge c : AuthChallenge.parse(value)) {
                int rank = rank(c);
                if (rank > bestRank) {
                    best = c;
                    bestRank = rank;
                }
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        challenge = best;
        nonceCount = 0;
        if (best.scheme().equals("digest")) {
            String alg = best.parameter("algorithm").toUpperCase(Locale.ROOT);
            sess = alg.endsWith("-SESS");
            algorithm = alg.startsWith("SHA-256") ? "SHA-256" : "MD5";
            qopAuth = false;
            for (String q : best.parameter("qop").split(",")) {
                if (q.strip().equalsIgnoreCase("auth")) {
                    qopAuth = true;
                }
            }
        }
        return Optional.of(best);
    }

    private static int rank(AuthChallenge c) {
        if (c.scheme().equals("basic")) {
            return 1;
        }
        if (!c.scheme().equals("digest") || c.parameter("nonce").isEmpty()) {
            return 0;
        }
        String alg = c.parameter("algorithm").toUpperCase(Locale.ROOT);
        if (alg.isEmpty() || alg.equals("MD5") || alg.equals("MD5-SESS")) {
            return 2;
        }
        if (alg.equals("SHA-256") || alg.equals("SHA-256-SESS")) {
            return 3;
        }
        return 0;
    }

    /** True once a challenge was accepted. */
    public boolean hasChallenge() {
        return challenge != null;
    }

    /** True when the current challenge says the previous nonce was merely stale (RFC 7616 §3.3). */
    public boolean stale() {
        return challenge != null && challenge.parameter("stale").equalsIgnoreCase("true");
    }

    /**
     * The {@code Authorization} header for a request, or empty before any challenge.
     *
     * @param method request method
     * @param uri    request URI exactly as sent on the request line (no credentials)
     */
    public Optional<String> authorization(String method, String uri) {
        return authorization(method, uri, null);
    }

    /** As {@link #authorization(String, String)} with a fixed client nonce (for tests against known vectors). */
    Optional<String> authorization(String method, String uri, String fixedCnonce) {
        if (challenge == null) {
            return Optional.empty();
        }
        if (challenge.scheme().equals("basic")) {
            String token = credentials.username() + ":" + credentials.password();
            return Optional.of("Basic " + Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8)));
        }
        String realm = challenge.parameter("realm");
        String nonce = challenge.parameter("nonce");
        String opaque = challenge.parameter("opaque");
        String cnonce = fixedCnonce != null ? fixedCnonce : newCnonce();
        String nc = String.format("%08x", ++nonceCount);
        String ha1 = hash(credentials.username() + ":" + realm + ":" + credentials.password());
        if (sess) {
            ha1 = hash(ha1 + ":" + nonce + ":" + cnonce);
        }
        String ha2 = hash(method + ":" + uri);
        String response = qopAuth
                ? hash(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2)
                : hash(ha1 + ":" + nonce + ":" + ha2);
        StringBuilder sb = new StringBuilder("Digest ");
        sb.append("username=\"").append(quote(credentials.username())).append("\", ");
        sb.append("realm=\"").append(quote(realm)).append("\", ");
        sb.append("nonce=\"").append(quote(nonce)).append("\", ");
        sb.append("uri=\"").append(quote(uri)).append("\", ");
        sb.append("response=\"").append(response).append('"');
        if (!challenge.parameter("algorithm").isEmpty()) {
            sb.append(", algorithm=").append(challenge.parameter("algorithm"));
        }
        if (qopAuth) {
            sb.append(", qop=auth, nc=").append(nc).append(", cnonce=\"").append(cnonce).append('"');
        }
        if (!opaque.isEmpty()) {
            sb.append(", opaque=\"").append(quote(opaque)).append('"');
        }
        return Optional.of(sb.toString());
    }

    private static String quote(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static String newCnonce() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private String hash(String s) {
        try {
            MessageDigest md = MessageDigest.getInstance(algorithm);
            return HexFormat.of().formatHex(md.digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK without " + algorithm, e);
        }
    }

    @Override
    public String toString() {
        return "RtspAuthenticator{" + (challenge == null ? "no challenge" : challenge.scheme() + " " + algorithm) + '}';
    }
}
