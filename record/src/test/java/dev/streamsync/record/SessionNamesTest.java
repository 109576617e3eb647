package dev.streamsync.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SessionNamesTest {
    @Test
    void defaultNameIsTheUtcStartSecondWithDashes() {
        assertEquals("2026-12-03T17-05-09Z", SessionNames.defaultName(Instant.parse("2026-12-03T17:05:09.987Z")));
    }

    @Test
    void namesThatAreNotOneFolderAreRefused() {
        for (String bad : new String[] {"", " ", ".", "..", "a/b", "a\\b", "a\0b"}) {
            assertThrows(IllegalArgumentException.class, () -> SessionNames.requireValid(bad), bad);
        }
        assertEquals("mouse-7 day 2", SessionNames.requireValid("mouse-7 day 2"));
    }
}
