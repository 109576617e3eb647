/**
 * SDP (RFC 8866) as RTSP cameras send it: {@link dev.streamsync.sdp.SdpParser} produces an immutable
 * {@link dev.streamsync.sdp.SessionDescription} with the video tracks' clock rate, parameter sets,
 * control URLs and header-extension mappings.
 */
package dev.streamsync.sdp;
