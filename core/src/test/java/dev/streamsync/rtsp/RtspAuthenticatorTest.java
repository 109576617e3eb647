package dev.streamsync.rtsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RtspAuthenticatorTest {
    // RFC 7616 §3.9.1 example.
    static final String NONCE = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
    static final String CNONCE = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
    static final String OPAQUE = "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS";

    static RtspAuthenticator mufasa() {
        return new RtspAuthenticator(new RtspCredentials("Mufasa", "Circle of Life"));
    }

    @Test
    void computesRfc7616Md5ExampleResponse() {
        RtspAuthenticator auth = mufasa();
        auth.onChallenges(List.of("Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=MD5, nonce=\""
                + NONCE + "\", opaque=\"" + OPAQUE + "\""));
        String h = auth.authorization("GET", "/dir/index.html", CNONCE).orElseThrow();
        assertTrue(h.contains("response=\"8ca523f5e9506fed4657c9700eebdbec\""), h);
        assertTrue(h.contains("qop=auth, nc=00000001, cnonce=\"" + CNONCE + "\""), h);
        assertTrue(h.contains("opaque=\"" + OPAQUE + "\""), h);
    }

    @Test
    void prefersSha256AmongSeveralChallengesAndComputesRfc7616Example() {
        RtspAuthenticator auth = mufasa();
        auth.onChallenges(List.of(
                "Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=MD5, nonce=\"" + NONCE + "\", opaque=\"" + OPAQUE + "\"",
                "Basic realm=\"http-auth@example.org\"",
                "Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=SHA-256, nonce=\"" + NONCE + "\", opaque=\"" + OPAQUE + "\""));
        String h = auth.authorization("GET", "/dir/index.html", CNONCE).orElseThrow();
        assertTrue(h.contains("response=\"753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1\""), h);
        assertTrue(h.contains("algorithm=SHA-256"), h);
    }

    @Test
    void countsNoncesAndRestartsTheCountOnANewChallenge() {
        RtspAuthenticator auth = mufasa();
        auth.onChallenges(List.of("Digest realm=\"r\", nonce=\"n1\", qop=auth"));
        auth.authorization("OPTIONS", "rtsp://h/s");
        assertTrue(auth.authorization("DESCRIBE", "rtsp://h/s").orElseThrow().contains("nc=00000002"));
        auth.onChallenges(List.of("Digest realm=\"r\", nonce=\"n2\", qop=auth, stale=TRUE"));
        assertTrue(auth.stale());
        String h = auth.authorization("DESCRIBE", "rtsp://h/s").orElseThrow();
        assertTrue(h.contains("nc=00000001") && h.contains("nonce=\"n2\""), h);
    }

    @Test
    void usesRfc2069FormWithoutQop() {
        RtspAuthenticator auth = new RtspAuthenticator(new RtspCredentials("admin", "12345"));
        auth.onChallenges(List.of("Digest realm=\"IP Camera(C1234)\", nonce=\"abc\", stale=\"FALSE\""));
        String h = auth.authorization("DESCRIBE", "rtsp://192.0.2.10:554/s").orElseThrow();
        // MD5(MD5("admin:IP Camera(C1234):12345") ":abc:" MD5("DESCRIBE:rtsp://192.0.2.10:554/s"))
        assertFalse(h.contains("qop="));
        assertFalse(h.contains("12345"));
        assertEquals(32, h.replaceAll(".*response=\"([0-9a-f]+)\".*", "$1").length());
    }

    @Test
    void sendsBasicWhenOnlyBasicIsOffered() {
        RtspAuthenticator auth = new RtspAuthenticator(new RtspCredentials("Aladdin", "open sesame"));
        auth.onChallenges(List.of("Basic realm=\"WallyWorld\""));
        assertEquals("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==", auth.authorization("DESCRIBE", "rtsp://h/").orElseThrow());
    }

    @Test
    void ignoresUnsupportedSchemes() {
        RtspAuthenticator auth = mufasa();
        assertTrue(auth.onChallenges(List.of("Negotiate abc", "Digest realm=\"r\", nonce=\"n\", algorithm=SHA-512-256")).isEmpty());
        assertTrue(auth.authorization("DESCRIBE", "rtsp://h/").isEmpty());
    }

    @Test
    void splitsSeveralChallengesInOneHeaderValue() {
        List<AuthChallenge> c = AuthChallenge.parse("Basic realm=\"a, b\", Digest realm=\"x\", nonce=\"y\", qop=\"auth,auth-int\"");
        assertEquals(2, c.size());
        assertEquals("basic", c.get(0).scheme());
        assertEquals("a, b", c.get(0).parameter("realm"));
        assertEquals("digest", c.get(1).scheme());
        assertEquals("auth,auth-int", c.get(1).parameter("qop"));
    }

    @Test
    void neverShowsSecretsInToString() {
        RtspCredentials creds = new RtspCredentials("admin", "hunter2");
        assertFalse(creds.toString().contains("hunter2"));
        assertFalse(creds.toString().contains("admin"));
        RtspClientConfig config = RtspClientConfig.builder("rtsp://admin:hunter2@cam/s").build();
        assertFalse(config.toString().contains("hunter2"));
        assertEquals("rtsp://cam/s", config.url().toString());
        assertEquals(creds, config.credentials().orElseThrow());
    }
}
