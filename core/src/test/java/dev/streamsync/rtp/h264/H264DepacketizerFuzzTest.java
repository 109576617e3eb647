package dev.streamsync.rtp.h264;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.streamsync.rtp.DepacketizerFuzzing;

/** Arbitrary packet sequences into the H.264 depacketizer, invariants checked after every push. */
class H264DepacketizerFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void push(FuzzedDataProvider data) {
        int[] emitted = new int[1];
        H264Depacketizer d = new H264Depacketizer(DepacketizerFuzzing.MAX_UNIT,
                new byte[][] {{0x67, 0x42, 0x00, 0x1f}, {0x68, (byte) 0xce, 0x3c, (byte) 0x80}},
                au -> DepacketizerFuzzing.checkUnit(au, emitted));
        DepacketizerFuzzing.run(d, data, emitted);
    }
}
