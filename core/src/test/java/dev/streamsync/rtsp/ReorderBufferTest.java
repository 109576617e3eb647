package dev.streamsync.rtsp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReorderBufferTest {
    final List<Integer> out = new ArrayList<>();
    final RtspStream.ReorderBuffer buffer = new RtspStream.ReorderBuffer(4, (buf, off, len, arrival) -> out.add(buf[off] & 0xFF));

    void offer(int seq, long arrival) {
        buffer.offer(new byte[] {(byte) seq}, 0, 1, seq & 0xFFFF, arrival);
    }

    @Test
    void putsSwappedPacketsBackInOrder() {
        buffer.enable(true);
        offer(10, 0);
        offer(12, 1);
        offer(11, 2);
        offer(13, 3);
        assertEquals(List.of(10, 11, 12, 13), out);
    }

    @Test
    void givesUpOnALostPacketWhenTheWindowIsFull() {
        buffer.enable(true);
        offer(1, 0);
        for (int s = 3; s <= 5; s++) {
            offer(s, s);
        }
        assertEquals(List.of(1), out, "packet 2 may still come");
        offer(6, 6); // would not fit in the window: packet 2 is given up
        assertEquals(List.of(1, 3, 4, 5, 6), out);
    }

    @Test
    void givesUpOnALostPacketAfterTheHoldTime() {
        buffer.enable(true);
        offer(1, 0);
        offer(3, 100);
        buffer.flushOlderThan(50);
        assertEquals(List.of(1), out);
        buffer.flushOlderThan(100);
        assertEquals(List.of(1, 3), out);
    }

    @Test
    void keepsOrderAcrossTheSequenceWrap() {
        buffer.enable(true);
        offer(65534, 0);
        offer(0, 1);
        offer(65535, 2);
        offer(1, 3);
        assertEquals(List.of(65534 & 0xFF, 65535 & 0xFF, 0, 1), out);
    }
}
