/**
 * RTP wire format (RFC 3550 §5.1): the packet flyweight and the header extensions (RFC 8285, ONVIF,
 * RFC 6051). Layer: above {@code dev.streamsync.clock} (NTP), below everything else. JDK only.
 */
package dev.streamsync.rtp.wire;
