package dev.streamsync.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JsonTest {
    @Test
    void quotedStringsReadBackUnchanged() {
        for (String s : new String[]{"", "plain", "quote \" backslash \\ slash /", "tab\tnewline\ncr\r", "ctl \u0001\u001f",
                "unicode \u00e9\u4e2d \u2028", "CAP_BROKEN: DESCRIBE answered 401 Unauthorized (rtsp://10.0.0.7/s1)"}) {
            assertEquals(s, JsonCheck.parse(Json.quote(s)));
        }
    }

    @Test
    void strictCheckerRejectsWhatJsonForbids() {
        for (String bad : new String[]{"{\"a\":01}", "{\"a\":1,}", "{\"a\":NaN}", "{\"a\":1} x", "\"raw\u0001\"", "{\"a\":.5}",
                "{\"a\":1,\"a\":2}"}) {
            assertThrows(IllegalArgumentException.class, () -> JsonCheck.parse(bad), bad);
        }
    }
}
