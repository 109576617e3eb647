/**
 * Simulated RTSP cameras for tests, benchmarks and demos: {@link dev.streamsync.sim.SimulatedCamera}
 * (builder, lifecycle, run-time faults) and {@link dev.streamsync.sim.SimulatedCameraMain} (command line).
 * Sub-packages hold the stages: {@code picture} (test pattern, capture time code), {@code encode}
 * (libopenh264 encoder, pre-encoded loops), {@code h264} (Annex B, SEI, RFC 6184 packetization),
 * {@code rtp} (RTP/RTCP wire writing), {@code rtsp} (the Netty RTSP server).
 */
package dev.streamsync.sim;
