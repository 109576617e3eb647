/**
 * Camera sources: what turns a configured {@link dev.streamsync.api.Camera} into timestamped decoded
 * pictures for the synchronizer.
 *
 * <pre>
 *  RtspClient (Netty event loop)  --AccessUnit + ClockMapping-->  DecodingStage (decoder thread)
 *        |  typed RtspException / end                                   |  Picture (pts = its own AU's RTP time)
 *        v                                                              v
 *  RtspFrameSource: reconnect with backoff        CaptureStamper: UTC = anchor(picture RTP time);
 *  PictureWatchdog: units but no picture -> fail    no anchor yet: hold the newest few, older ones ARRIVAL
 *        |                                                              |
 *        +-------------------------> FrameSink (the camera's ring) &lt;----+
 * </pre>
 *
 * <p>{@code FileFrameSource} uses the same {@code DecodingStage} and
 * {@code CaptureStamper}, with a clock anchored at the start of playback.
 */
package dev.streamsync.source;
