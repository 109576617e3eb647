package dev.streamsync.rtsp;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.rtsp.RtspDecoder;
import io.netty.util.ReferenceCountUtil;
import java.util.List;

/**
 * Arbitrary bytes through the client's receive pipeline ({@code $}-frame decoder, Netty's RTSP
 * decoder and aggregator, as configured by {@link RtspClient}), then every header parser the client
 * applies to a response. Invariant: only framing errors escape the pipeline, the parsers never throw.
 */
class RtspResponseFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void parseResponses(FuzzedDataProvider data) {
        EmbeddedChannel ch = new EmbeddedChannel(
                new InterleavedFrameDecoder(2048, 4096, 65535, "rtsp://fuzz/"),
                new RtspDecoder(new HttpDecoderConfig().setMaxInitialLineLength(2048).setMaxHeaderSize(2048)
                        .setMaxChunkSize(4096).setStrictLineParsing(false).setValidateHeaders(false)),
                new HttpObjectAggregator(4096));
        try {
            while (data.remainingBytes() > 0) {
                byte[] chunk = data.consumeBytes(data.consumeInt(1, 400));
                try {
                    ch.writeInbound(Unpooled.wrappedBuffer(chunk));
                } catch (DecoderException e) {
                    // Allowed: our framing errors, and Netty's limit errors (header block, body), which
                    // the client reports as RtspFramingException naming the limit.
                    if (!(e.getCause() instanceof RtspFramingException) && !(e instanceof TooLongFrameException)) {
                        throw e;
                    }
                    return;
                }
                Object m;
                while ((m = ch.readInbound()) != null) {
                    try {
                        if (m instanceof FullHttpMessage msg) {
                            parseHeaders(msg.headers());
                        }
                    } finally {
                        ReferenceCountUtil.release(m);
                    }
                }
            }
        } finally {
            try {
                ch.finishAndReleaseAll();
            } catch (PrematureChannelClosureException e) {
                // Closing in the middle of a response: the aggregator reports it through exceptionCaught,
                // which the client reports as a typed RtspFramingException. Not a parser failure.
            }
        }
    }

    @FuzzTest(maxDuration = "10m")
    void parseHeaderValues(byte[] input) {
        String value = new String(input, java.nio.charset.StandardCharsets.UTF_8);
        RtspHeaderValues.session(value);
        RtspHeaderValues.transport(value);
        RtspHeaderValues.rtpInfo(value);
        RtspHeaderValues.rangeClockStartUtcMicros(value);
        RtspHeaderValues.publicHas(value, "GET_PARAMETER");
        AuthChallenge.parse(value);
        RtspUrls.redact(value);
        RtspUrls.resolveControl("rtsp://cam/base", value);
        RtspAuthenticator auth = new RtspAuthenticator(new RtspCredentials("u", "p"));
        if (auth.onChallenges(List.of(value)).isPresent()) {
            auth.authorization("DESCRIBE", "rtsp://cam/base");
        }
    }

    private static void parseHeaders(HttpHeaders h) {
        RtspHeaderValues.session(h.get("Session"));
        RtspHeaderValues.transport(h.get("Transport"));
        RtspHeaderValues.rtpInfo(h.get("RTP-Info"));
        RtspHeaderValues.rangeClockStartUtcMicros(h.get("Range"));
        RtspHeaderValues.publicHas(h.get("Public"), "GET_PARAMETER");
        RtspAuthenticator auth = new RtspAuthenticator(new RtspCredentials("u", "p"));
        if (auth.onChallenges(h.getAll("WWW-Authenticate")).isPresent()) {
            auth.authorization("DESCRIBE", "rtsp://cam/base");
        }
    }
}
