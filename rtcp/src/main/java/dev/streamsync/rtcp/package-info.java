/**
 * RTP and RTCP wire formats, NTP time, sequence tracking and the RTP-to-UTC clock estimator.
 *
 * <p>This module depends on nothing but the JDK. Parsers are flyweights over caller-owned byte
 * arrays: they never allocate on the per-packet path and never throw into the caller's receive
 * loop; a malformed packet is answered with a reason value.
 */
package dev.streamsync.rtcp;
