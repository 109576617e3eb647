package dev.streamsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacketQueueTest {
    private final List<String> discarded = new ArrayList<>();

    @Test
    void endAfterDrainHandsOutQueuedPacketsBeforeTheEnd() throws Exception {
        PacketQueue<String> q = new PacketQueue<>(4, discarded::add);
        q.offer("p1");
        q.offer("p2");
        SyncEndedException end = new SyncEndedException("every camera has ended", null, true);
        q.endAfterDrain(end);
        assertEquals("p1", q.take(0));
        assertEquals("p2", q.take(0));
        assertSame(end, assertThrows(SyncEndedException.class, () -> q.take(0)));
        assertTrue(discarded.isEmpty());
    }

    @Test
    void closeAfterEndAfterDrainStillDiscardsWhatIsLeft() throws Exception {
        PacketQueue<String> q = new PacketQueue<>(4, discarded::add);
        q.offer("p1");
        q.endAfterDrain(new SyncEndedException("every camera has ended", null, true));
        q.end(new SyncEndedException("synchronizer closed", null));
        SyncEndedException e = assertThrows(SyncEndedException.class, () -> q.take(0));
        assertEquals("synchronizer closed", e.getMessage());
        assertEquals(List.of("p1"), discarded);
    }
}
