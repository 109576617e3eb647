package dev.streamsync.sdp;

/**
 * One {@code a=extmap} attribute (RFC 8285 §5): maps a local header-extension id to a URI, for
 * example {@code urn:ietf:params:rtp-hdrext:ntp-64} (RFC 6051).
 *
 * @param id         extension id, 1..14 for one-byte headers, 1..255 for two-byte headers
 * @param direction  optional direction ({@code sendonly} ...), or empty
 * @param uri        the extension's URI
 * @param attributes extension attributes after the URI, or empty
 */
public record Extmap(int id, String direction, String uri, String attributes) {
}
