/**
 * RTCP (RFC 3550 §6): the compound-packet parser, the SR/RR/BYE writer and the listener the parser
 * calls. Layer: above {@code dev.streamsync.clock} and {@code dev.streamsync.rtp.wire}; the RTP
 * receive stage ({@code dev.streamsync.rtp.receive}) feeds receiver reports through
 * {@link dev.streamsync.rtcp.ReportBlockSource}.
 *
 * <p>This module depends on nothing but the JDK. Parsers are flyweights over caller-owned byte
 * arrays: they never allocate on the per-packet path and never throw into the caller's receive
 * loop; a malformed packet is answered with a reason value.
 */
package dev.streamsync.rtcp;
