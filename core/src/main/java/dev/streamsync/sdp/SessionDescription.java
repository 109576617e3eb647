package dev.streamsync.sdp;

import java.util.List;
import java.util.Optional;

/**
 * A parsed SDP session description (RFC 8866), reduced to what an RTSP client needs.
 * Immutable; safe to share between threads.
 *
 * @param sessionName          {@code s=} line, or empty
 * @param control              session-level {@code a=control}, or empty
 * @param tsRefclk             session-level {@code a=ts-refclk} values (RFC 7273), kept verbatim
 * @param mediaclk             session-level {@code a=mediaclk} (RFC 7273), or empty
 * @param media                media sections in order
 */
public record SessionDescription(String sessionName, String control, List<String> tsRefclk, String mediaclk,
                                 List<MediaDescription> media) {

    public SessionDescription {
        tsRefclk = List.copyOf(tsRefclk);
        media = List.copyOf(media);
    }

    /** The video sections whose codec streamsync can depacketize, in order. */
    public List<MediaDescription> supportedVideo() {
        return media.stream().filter(m -> m.codec().isPresent()).toList();
    }

    /** The first supported video section. */
    public Optional<MediaDescription> firstSupportedVideo() {
        return media.stream().filter(m -> m.codec().isPresent()).findFirst();
    }
}
