/**
 * The RTSP server of a simulated camera on Netty's RTSP codec: sessions over TCP interleaved or UDP,
 * Basic/Digest authentication, SDP, and the camera's run-time settings and counters.
 */
package dev.streamsync.sim.rtsp;
