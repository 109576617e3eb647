package dev.streamsync.rtsp;

import io.netty.handler.ssl.SslContext;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Configuration of one {@link RtspClient} (one camera). Immutable; build with {@link #builder(String)}.
 * {@link #toString()} shows the URL without credentials and never the password.
 */
public final class RtspClientConfig {
    /** Default limit of an RTSP header block: 16 KiB. */
    public static final int DEFAULT_MAX_HEADER_BYTES = 16 * 1024;
    /** Default limit of an RTSP body (the SDP): 64 KiB. */
    public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;
    /** Default (and largest) interleaved packet: 65535 bytes, the wire format's maximum. */
    public static final int DEFAULT_MAX_INTERLEAVED_BYTES = 65535;
    /** Default limit of one access unit: 8 MiB. */
    public static final int DEFAULT_MAX_ACCESS_UNIT_BYTES = 8 * 1024 * 1024;
    /** Default number of video tracks set up from one session description: 4 (main and sub streams of real cameras). */
    public static final int DEFAULT_MAX_VIDEO_TRACKS = 4;

    private final URI url;
    private final RtspCredentials credentials;
    private final RtspTransport transport;
    private final long connectTimeoutMillis;
    private final long responseTimeoutMillis;
    private final long noDataTimeoutMillis;
    private final long udpFallbackTimeoutMillis;
    private final long receiverReportIntervalMillis;
    private final int maxHeaderBytes;
    private final int maxBodyBytes;
    private final int maxInterleavedBytes;
    private final int maxAccessUnitBytes;
    private final int maxRedirects;
    private final int maxVideoTracks;
    private final int udpReorderWindow;
    private final long clockOffsetMicros;
    private final String userAgent;
    private final SslContext sslContext;

    private RtspClientConfig(Builder b) {
        this.url = b.url;
        this.credentials = b.credentials;
        this.transport = b.transport;
        this.connectTimeoutMillis = b.connectTimeoutMillis;
        this.responseTimeoutMillis = b.responseTimeoutMillis;
        this.noDataTimeoutMillis = b.noDataTimeoutMillis;
        this.udpFallbackTimeoutMillis = b.udpFallbackTimeoutMillis;
        this.receiverReportIntervalMillis = b.receiverReportIntervalMillis;
        this.maxHeaderBytes = b.maxHeaderBytes;
        this.maxBodyBytes = b.maxBodyBytes;
        this.maxInterleavedBytes = b.maxInterleavedBytes;
        this.maxAccessUnitBytes = b.maxAccessUnitBytes;
        this.maxRedirects = b.maxRedirects;
        this.maxVideoTracks = b.maxVideoTracks;
        this.udpReorderWindow = b.udpReorderWindow;
        this.clockOffsetMicros = b.clockOffsetMicros;
        this.userAgent = b.userAgent;
        this.sslContext = b.sslContext;
    }

    /**
     * Starts a builder for an {@code rtsp://} or {@code rtsps://} URL; credentials in the URL
     * ({@code rtsp://user:pass@host/...}) are taken out of it and used unless {@link Builder#credentials} is set.
     */
    public static Builder builder(String url) {
        return new Builder(url);
    }

    /** The URL without credentials (what is sent on the wire and shown). */
    public URI url() { return url; }

    /** Credentials from the configuration or the URL. */
    public Optional<RtspCredentials> credentials() { return Optional.ofNullable(credentials); }

    /** The configured transport; {@link RtspTransport#AUTO} by default. */
    public RtspTransport transport() { return transport; }

    public long connectTimeoutMillis() { return connectTimeoutMillis; }

    /** Longest wait for the answer to one request. */
    public long responseTimeoutMillis() { return responseTimeoutMillis; }

    /**
     * Longest time without any RTP while playing before the session fails with an
     * {@link RtspTimeoutException}: after PLAY, and after a stream that stalls with its connection open.
     */
    public long noDataTimeoutMillis() { return noDataTimeoutMillis; }

    /**
     * With {@link RtspTransport#UDP}: time after PLAY without RTP after which the client reconnects over
     * TCP (not with {@link RtspTransport#AUTO}, which uses UDP only when the server refused TCP).
     */
    public long udpFallbackTimeoutMillis() { return udpFallbackTimeoutMillis; }

    /** Interval of RTCP receiver reports (RFC 3550 §6.2 suggests 5 s minimum). */
    public long receiverReportIntervalMillis() { return receiverReportIntervalMillis; }

    public int maxHeaderBytes() { return maxHeaderBytes; }

    public int maxBodyBytes() { return maxBodyBytes; }

    public int maxInterleavedBytes() { return maxInterleavedBytes; }

    public int maxAccessUnitBytes() { return maxAccessUnitBytes; }

    public int maxRedirects() { return maxRedirects; }

    /** Most video tracks of the session description set up (the first ones); the others get no stream and no buffer. */
    public int maxVideoTracks() { return maxVideoTracks; }

    /** Packets held to put UDP packets back in order (0 disables). */
    public int udpReorderWindow() { return udpReorderWindow; }

    /** Constant offset added to this camera's UTC times, µs (a camera known to stamp late gets a negative value). */
    public long clockOffsetMicros() { return clockOffsetMicros; }

    public String userAgent() { return userAgent; }

    /** TLS context for {@code rtsps://}; empty means the JDK's default trust. */
    public Optional<SslContext> sslContext() { return Optional.ofNullable(sslContext); }

    /** True for {@code rtsps://}. */
    public boolean tls() {
        return url.getScheme().equalsIgnoreCase("rtsps");
    }

    /** Port from the URL or the scheme's default (554, 322 for rtsps). */
    public int port() {
        return url.getPort() > 0 ? url.getPort() : tls() ? 322 : 554;
    }

    /** A copy of this configuration with another URL (a redirect) or transport (the UDP fallback). */
    RtspClientConfig with(URI newUrl, RtspTransport newTransport) {
        Builder b = new Builder(this);
        b.url = RtspUrls.stripUserInfo(newUrl);
        b.transport = newTransport;
        return b.build();
    }

    @Override
    public String toString() {
        return "RtspClientConfig{url=" + url + ", transport=" + transport + ", credentials=" + (credentials == null ? "none" : "***")
                + ", connectTimeoutMillis=" + connectTimeoutMillis + ", responseTimeoutMillis=" + responseTimeoutMillis
                + ", noDataTimeoutMillis=" + noDataTimeoutMillis + ", maxAccessUnitBytes=" + maxAccessUnitBytes + '}';
    }

    /** Builder; every setting has a sane default. */
    public static final class Builder {
        private URI url;
        private RtspCredentials credentials;
        private RtspTransport transport = RtspTransport.AUTO;
        private long connectTimeoutMillis = 5_000;
        private long responseTimeoutMillis = 10_000;
        private long noDataTimeoutMillis = 10_000;
        private long udpFallbackTimeoutMillis = 3_000;
        private long receiverReportIntervalMillis = 5_000;
        private int maxHeaderBytes = DEFAULT_MAX_HEADER_BYTES;
        private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private int maxInterleavedBytes = DEFAULT_MAX_INTERLEAVED_BYTES;
        private int maxAccessUnitBytes = DEFAULT_MAX_ACCESS_UNIT_BYTES;
        private int maxRedirects = 3;
        private int maxVideoTracks = DEFAULT_MAX_VIDEO_TRACKS;
        private int udpReorderWindow = 32;
        private long clockOffsetMicros;
        private String userAgent = "streamsync";
        private SslContext sslContext;

        private Builder(String url) {
            String text = Objects.requireNonNull(url, "url").strip();
            URI parsed;
            try {
                parsed = URI.create(RtspUrls.redact(text));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("not a URL: " + RtspUrls.redact(url));
            }
            String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("rtsp") && !scheme.equals("rtsps") || parsed.getHost() == null) {
                throw new IllegalArgumentException("not an rtsp:// or rtsps:// URL with a host: " + RtspUrls.redact(url));
            }
            this.credentials = RtspUrls.credentialsOf(text).orElse(null);
            this.url = parsed;
        }

        private Builder(RtspClientConfig c) {
            url = c.url;
            credentials = c.credentials;
            transport = c.transport;
            connectTimeoutMillis = c.connectTimeoutMillis;
            responseTimeoutMillis = c.responseTimeoutMillis;
            noDataTimeoutMillis = c.noDataTimeoutMillis;
            udpFallbackTimeoutMillis = c.udpFallbackTimeoutMillis;
            receiverReportIntervalMillis = c.receiverReportIntervalMillis;
            maxHeaderBytes = c.maxHeaderBytes;
            maxBodyBytes = c.maxBodyBytes;
            maxInterleavedBytes = c.maxInterleavedBytes;
            maxAccessUnitBytes = c.maxAccessUnitBytes;
            maxRedirects = c.maxRedirects;
            maxVideoTracks = c.maxVideoTracks;
            udpReorderWindow = c.udpReorderWindow;
            clockOffsetMicros = c.clockOffsetMicros;
            userAgent = c.userAgent;
            sslContext = c.sslContext;
        }

        /** Credentials; override any in the URL. */
        public Builder credentials(String username, String password) {
            this.credentials = new RtspCredentials(username, password);
            return this;
        }

        public Builder transport(RtspTransport transport) {
            this.transport = Objects.requireNonNull(transport);
            return this;
        }

        public Builder connectTimeoutMillis(long v) { this.connectTimeoutMillis = positive(v); return this; }

        public Builder responseTimeoutMillis(long v) { this.responseTimeoutMillis = positive(v); return this; }

        public Builder noDataTimeoutMillis(long v) { this.noDataTimeoutMillis = positive(v); return this; }

        public Builder udpFallbackTimeoutMillis(long v) { this.udpFallbackTimeoutMillis = positive(v); return this; }

        public Builder receiverReportIntervalMillis(long v) { this.receiverReportIntervalMillis = positive(v); return this; }

        public Builder maxHeaderBytes(int v) { this.maxHeaderBytes = atLeast(v, 256); return this; }

        public Builder maxBodyBytes(int v) { this.maxBodyBytes = atLeast(v, 256); return this; }

        /** At most 65535 (the interleaved length field is 16 bits). */
        public Builder maxInterleavedBytes(int v) {
            this.maxInterleavedBytes = Math.min(atLeast(v, 1500), 65535);
            return this;
        }

        public Builder maxAccessUnitBytes(int v) { this.maxAccessUnitBytes = atLeast(v, 4096); return this; }

        public Builder maxRedirects(int v) { this.maxRedirects = Math.max(0, v); return this; }

        /** At least 1, at most {@link dev.streamsync.sdp.SdpParser#MAX_MEDIA_SECTIONS}. */
        public Builder maxVideoTracks(int v) {
            this.maxVideoTracks = Math.min(atLeast(v, 1), dev.streamsync.sdp.SdpParser.MAX_MEDIA_SECTIONS);
            return this;
        }

        public Builder udpReorderWindow(int v) {
            this.udpReorderWindow = Math.max(0, Math.min(v, 512));
            return this;
        }

        public Builder clockOffsetMicros(long v) { this.clockOffsetMicros = v; return this; }

        public Builder userAgent(String v) { this.userAgent = Objects.requireNonNull(v); return this; }

        public Builder sslContext(SslContext v) { this.sslContext = v; return this; }

        public RtspClientConfig build() {
            return new RtspClientConfig(this);
        }

        private static long positive(long v) {
            if (v <= 0) {
                throw new IllegalArgumentException("must be positive: " + v);
            }
            return v;
        }

        private static int atLeast(int v, int min) {
            if (v < min) {
                throw new IllegalArgumentException("must be at least " + min + ": " + v);
            }
            return v;
        }
    }
}
