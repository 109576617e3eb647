/**
 * Camera sources: what turns a configured {@link dev.streamsync.api.Camera} into timestamped decoded
 * pictures for the synchronizer.
 *
 * <pre>
 *  RtspClient (Netty event loop)  --AccessUnit + ClockMapping-->  DecodingStage (decoder thread)
 *        |  typed RtspException / end                                   |  Picture (pts = its own AU's RTP time)
 *        v                                                              v
 *  RtspFrameSource: reconnect with backoff        stamp UTC = clock(picture RTP time); hold until anchored
 *        |                                                              |
 *        +-------------------------> FrameSink (the camera's ring) <----+
 * </pre>
 */
package dev.streamsync.source;
