package dev.streamsync.rtp.h265;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.streamsync.rtp.DepacketizerFuzzing;

/** Arbitrary packet sequences into the H.265 depacketizer (with and without DONL), invariants checked after every push. */
class H265DepacketizerFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void push(FuzzedDataProvider data) {
        int[] emitted = new int[1];
        boolean donl = data.consumeBoolean();
        H265Depacketizer d = new H265Depacketizer(DepacketizerFuzzing.MAX_UNIT,
                new byte[][] {{0x40, 0x01, 0x0c}, {0x42, 0x01, 0x01}, {0x44, 0x01, (byte) 0xc1}}, donl,
                au -> DepacketizerFuzzing.checkUnit(au, emitted));
        DepacketizerFuzzing.run(d, data, emitted);
    }
}
