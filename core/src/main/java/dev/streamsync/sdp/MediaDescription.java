package dev.streamsync.sdp;

import dev.streamsync.rtp.VideoCodec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One SDP media section ({@code m=} line and its attributes) with the chosen payload format.
 * Immutable; safe to share between threads.
 *
 * @param media        media type ({@code video}, {@code audio}, ...)
 * @param protocol     transport protocol of the m= line ({@code RTP/AVP} ...)
 * @param payloadType  chosen RTP payload type (the first H.264/H.265 format, else the first format), -1 if none
 * @param encodingName encoding from {@code a=rtpmap}, upper case ({@code H264}, {@code H265}), or empty
 * @param clockRateHz  clock rate from {@code a=rtpmap}, 0 when the section has none
 * @param control      {@code a=control} value, or empty
 * @param fmtp         {@code a=fmtp} parameters of the chosen payload type; keys lower case
 * @param extmaps      {@code a=extmap} attributes
 * @param tsRefclk     {@code a=ts-refclk} values (RFC 7273) kept verbatim
 * @param mediaclk     {@code a=mediaclk} value (RFC 7273), or empty
 */
public record MediaDescription(String media, String protocol, int payloadType, String encodingName, int clockRateHz,
                               String control, Map<String, String> fmtp, List<Extmap> extmaps, List<String> tsRefclk,
                               String mediaclk) {

    /** URI of the RFC 6051 64-bit NTP header extension. */
    public static final String NTP_64_URI = "urn:ietf:params:rtp-hdrext:ntp-64";
    /** URI of the RFC 6051 56-bit NTP header extension. */
    public static final String NTP_56_URI = "urn:ietf:params:rtp-hdrext:ntp-56";

    public MediaDescription {
        fmtp = Map.copyOf(fmtp);
        extmaps = List.copyOf(extmaps);
        tsRefclk = List.copyOf(tsRefclk);
    }

    /** The codec, when this is a video section streamsync can depacketize. */
    public Optional<VideoCodec> codec() {
        if (!"video".equalsIgnoreCase(media)) {
            return Optional.empty();
        }
        switch (encodingName) {
            case "H264":
                return Optional.of(VideoCodec.H264);
            case "H265":
            case "HEVC": // Quirk: some encoders name the format HEVC instead of H265 (RFC 7798 §7.1 says H265).
                return Optional.of(VideoCodec.H265);
            default:
                return Optional.empty();
        }
    }

    /** H.264 {@code packetization-mode}: 0 when absent (RFC 6184 §8.1) or unreadable. */
    public int packetizationMode() {
        String v = fmtp.get("packetization-mode");
        if (v == null) {
            return 0;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * Parameter sets from the fmtp line as NAL units without start codes: H.264 SPS/PPS from
     * {@code sprop-parameter-sets}, H.265 VPS/SPS/PPS from {@code sprop-vps/sps/pps}. Entries that are
     * not valid base64, or that decode to something that is not a NAL unit of the right kind, are
     * skipped (cameras send garbage here; the in-band sets are used then).
     */
    public byte[][] parameterSets() {
        List<byte[]> out = new ArrayList<>();
        Optional<VideoCodec> c = codec();
        if (c.isEmpty()) {
            return new byte[0][];
        }
        if (c.get() == VideoCodec.H264) {
            decodeSets(fmtp.get("sprop-parameter-sets"), out, VideoCodec.H264);
        } else {
            decodeSets(fmtp.get("sprop-vps"), out, VideoCodec.H265);
            decodeSets(fmtp.get("sprop-sps"), out, VideoCodec.H265);
            decodeSets(fmtp.get("sprop-pps"), out, VideoCodec.H265);
        }
        return out.toArray(new byte[0][]);
    }

    private static void decodeSets(String value, List<byte[]> out, VideoCodec codec) {
        if (value == null) {
            return;
        }
        for (String part : value.split(",")) {
            String b64 = part.trim();
            if (b64.isEmpty()) {
                continue;
            }
            byte[] nal;
            try {
                nal = Base64.getDecoder().decode(b64);
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (isParameterSet(nal, codec)) {
                out.add(nal);
            }
        }
    }

    private static boolean isParameterSet(byte[] nal, VideoCodec codec) {
        if (codec == VideoCodec.H264) {
            if (nal.length < 2 || (nal[0] & 0x80) != 0) {
                return false;
            }
            int type = nal[0] & 0x1F;
            return type == 7 || type == 8;
        }
        if (nal.length < 3 || (nal[0] & 0x80) != 0) {
            return false;
        }
        int type = (nal[0] >> 1) & 0x3F;
        return type >= 32 && type <= 34;
    }

    /** True when H.265 DONL/DOND fields are present: {@code sprop-max-don-diff > 0} (RFC 7798 §7.1). */
    public boolean donlPresent() {
        String v = fmtp.get("sprop-max-don-diff");
        if (v == null) {
            return false;
        }
        try {
            return Integer.parseInt(v.trim()) > 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The extmap id of a header extension URI (compared case-insensitively), if the section maps it. */
    public OptionalInt extmapId(String uri) {
        for (Extmap e : extmaps) {
            if (e.uri().toLowerCase(Locale.ROOT).equals(uri.toLowerCase(Locale.ROOT))) {
                return OptionalInt.of(e.id());
            }
        }
        return OptionalInt.empty();
    }
}
