package dev.streamsync.rtsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The table in {@link TransportNegotiation}'s javadoc, row by row. */
class TransportNegotiationTest {
    @Test
    void autoStartsWithTcpAndMovesToUdpWhenTheFirstSetupIsRefused() {
        assertEquals(RtspTransport.TCP, TransportNegotiation.first(RtspTransport.AUTO));
        assertEquals(RtspTransport.UDP, TransportNegotiation.after461(RtspTransport.AUTO, RtspTransport.TCP, 0));
        assertNull(TransportNegotiation.after461(RtspTransport.AUTO, RtspTransport.UDP, 0), "both refused: the 461 stands");
        assertFalse(TransportNegotiation.udpFallbackAllowed(RtspTransport.AUTO, RtspTransport.UDP), "TCP was refused already");
    }

    @Test
    void forcedTcpNeverSwitches() {
        assertEquals(RtspTransport.TCP, TransportNegotiation.first(RtspTransport.TCP));
        assertNull(TransportNegotiation.after461(RtspTransport.TCP, RtspTransport.TCP, 0));
    }

    @Test
    void udpFallsBackToTcpOnA461OrWhenNoRtpArrives() {
        assertEquals(RtspTransport.UDP, TransportNegotiation.first(RtspTransport.UDP));
        assertEquals(RtspTransport.TCP, TransportNegotiation.after461(RtspTransport.UDP, RtspTransport.UDP, 0));
        assertTrue(TransportNegotiation.udpFallbackAllowed(RtspTransport.UDP, RtspTransport.UDP));
        assertFalse(TransportNegotiation.udpFallbackAllowed(RtspTransport.UDP, RtspTransport.TCP));
    }

    @Test
    void onlyTheFirstSetupMaySwitch() {
        assertNull(TransportNegotiation.after461(RtspTransport.AUTO, RtspTransport.TCP, 1), "a session exists on TCP already");
        assertNull(TransportNegotiation.after461(RtspTransport.UDP, RtspTransport.UDP, 2));
    }
}
