package dev.streamsync.sim.rtsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RtspAuthenticatorTest {

    private static final String URI = "rtsp://127.0.0.1:8554/cam";

    private static String digestResponse(String algorithm, String hashName, String password, Map<String, String> challenge,
            String method) {
        String nonce = challenge.get("nonce");
        String ha1 = RtspAuthenticator.hash(hashName, "alice:" + RtspAuthenticator.REALM + ":" + password);
        String ha2 = RtspAuthenticator.hash(hashName, method + ":" + URI);
        String response = RtspAuthenticator.hash(hashName, ha1 + ":" + nonce + ":00000001:c0ffee:auth:" + ha2);
        return "Digest username=\"alice\", realm=\"" + RtspAuthenticator.REALM + "\", nonce=\"" + nonce + "\", uri=\"" + URI
                + "\", algorithm=" + algorithm + ", qop=auth, nc=00000001, cnonce=\"c0ffee\", response=\"" + response + "\"";
    }

    private static Map<String, String> challenge(RtspAuthenticator auth, String algorithm) {
        for (String c : auth.challenges(false)) {
            if (c.startsWith("Digest") && c.contains("algorithm=" + algorithm + ",")) {
                return RtspAuthenticator.parseParams(c.substring(7));
            }
        }
        throw new AssertionError("no " + algorithm + " challenge");
    }

    @Test
    void offersDigestSha256ThenMd5ThenBasic() {
        List<String> challenges = new RtspAuthenticator("alice", "pw", EnumSet.allOf(AuthScheme.class)).challenges(false);
        assertEquals(3, challenges.size());
        assertTrue(challenges.get(0).contains("algorithm=SHA-256"));
        assertTrue(challenges.get(1).contains("algorithm=MD5"));
        assertTrue(challenges.get(2).startsWith("Basic "));
    }

    @Test
    void acceptsDigestMd5AndSha256WithRightPasswordOnly() {
        RtspAuthenticator auth = new RtspAuthenticator("alice", "secret", EnumSet.allOf(AuthScheme.class));
        assertTrue(auth.isAuthorized("DESCRIBE", URI, digestResponse("MD5", "MD5", "secret", challenge(auth, "MD5"), "DESCRIBE")));
        assertTrue(auth.isAuthorized("DESCRIBE", URI,
                digestResponse("SHA-256", "SHA-256", "secret", challenge(auth, "SHA-256"), "DESCRIBE")));
        assertFalse(auth.isAuthorized("DESCRIBE", URI, digestResponse("MD5", "MD5", "wrong", challenge(auth, "MD5"), "DESCRIBE")));
        assertFalse(auth.isAuthorized("PLAY", URI, digestResponse("MD5", "MD5", "secret", challenge(auth, "MD5"), "DESCRIBE")),
                "response computed for another method");
    }

    @Test
    void unknownNonceIsStale() {
        RtspAuthenticator auth = new RtspAuthenticator("alice", "secret", EnumSet.of(AuthScheme.DIGEST_MD5));
        String header = digestResponse("MD5", "MD5", "secret", Map.of("nonce", "not-ours"), "DESCRIBE");
        assertFalse(auth.isAuthorized("DESCRIBE", URI, header));
        assertTrue(auth.isStale(header));
    }

    @Test
    void basicIsAcceptedOnlyWhenEnabled() {
        String basic = "Basic " + Base64.getEncoder().encodeToString("alice:secret".getBytes(StandardCharsets.UTF_8));
        assertTrue(new RtspAuthenticator("alice", "secret", EnumSet.of(AuthScheme.BASIC)).isAuthorized("DESCRIBE", URI, basic));
        assertFalse(new RtspAuthenticator("alice", "secret", EnumSet.of(AuthScheme.DIGEST_MD5)).isAuthorized("DESCRIBE", URI, basic));
        assertFalse(new RtspAuthenticator("alice", "other", EnumSet.of(AuthScheme.BASIC)).isAuthorized("DESCRIBE", URI, basic));
    }

    @Test
    void toStringHidesPassword() {
        assertFalse(new RtspAuthenticator("alice", "secret", EnumSet.of(AuthScheme.BASIC)).toString().contains("secret"));
    }
}
