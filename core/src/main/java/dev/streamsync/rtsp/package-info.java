/**
 * RTSP 1.0 client (RFC 2326) on Netty: one {@link dev.streamsync.rtsp.RtspClient} per camera, all
 * sharing one event loop group.
 *
 * <p>Pipeline of the control connection: [SslHandler for rtsps://] →
 * {@link dev.streamsync.rtsp.InterleavedFrameDecoder} ({@code $}-framed RTP/RTCP vs. RTSP messages,
 * with size limits) → Netty's {@code RtspDecoder} + {@code HttpObjectAggregator} → the client's control
 * handler. Media: {@link dev.streamsync.rtsp.RtspStream} runs the rtcp module's flyweight, sequence
 * tracking, timestamp unwrapping and clock estimation, then a depacketizer, and hands
 * {@link dev.streamsync.rtp.AccessUnit}s to the {@link dev.streamsync.rtsp.RtspStreamListener}.
 *
 * <p>Errors are typed subclasses of {@link dev.streamsync.rtsp.RtspException}; credentials never
 * appear in messages ({@link dev.streamsync.rtsp.RtspUrls#redact}).
 */
package dev.streamsync.rtsp;
