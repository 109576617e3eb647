/**
 * Probing one camera before synchronizing it: {@link dev.streamsync.probe.CameraProbe#run} connects
 * with the RTSP client, listens for a while and returns a {@link dev.streamsync.probe.ProbeReport}
 * (SDP summary, per stream: codec, decoded resolution, frame rate, packets and loss, sender report
 * timing, the camera clock's offset to this machine, drift, header extensions, capture-to-arrival
 * latency and the {@code maxLatency} it recommends). What {@code streamsync probe} prints.
 *
 * <p>Layer: above {@code api} (it takes an {@link dev.streamsync.api.Camera}), below {@code cli}. The
 * report types are plain records; nothing in them refers to the internal {@code rtsp}, {@code sdp},
 * {@code rtp} or {@code decode} types.
 */
package dev.streamsync.probe;
