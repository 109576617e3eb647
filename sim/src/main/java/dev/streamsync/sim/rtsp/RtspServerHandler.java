package dev.streamsync.sim.rtsp;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.rtsp.RtspEncoder;
import io.netty.handler.codec.rtsp.RtspHeaderNames;
import io.netty.handler.codec.rtsp.RtspMethods;
import io.netty.handler.codec.rtsp.RtspResponseStatuses;
import io.netty.handler.codec.rtsp.RtspVersions;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RTSP method handling of one client connection (RFC 2326): OPTIONS, DESCRIBE, SETUP (TCP
 * interleaved or UDP unicast), PLAY, PAUSE, GET_PARAMETER / SET_PARAMETER (keepalive), TEARDOWN.
 * One instance per connection; runs on the connection's event loop.
 */
final class RtspServerHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(RtspServerHandler.class);
    static final int SESSION_TIMEOUT_SECONDS = 60;
    private static final String PUBLIC_METHODS = "OPTIONS, DESCRIBE, SETUP, PLAY, PAUSE, TEARDOWN, GET_PARAMETER, SET_PARAMETER";

    private final RtspCameraServer server;
    private RtspSession session;

    RtspServerHandler(RtspCameraServer server) {
        this.server = server;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        String cseq = request.headers().get(RtspHeaderNames.CSEQ, "0");
        if (!request.decoderResult().isSuccess()) {
            reply(ctx, cseq, RtspResponseStatuses.BAD_REQUEST, null);
            return;
        }
        HttpMethod method = request.method();
        if (session != null) {
            session.lastActivityNanos = System.nanoTime();
        }
        if (!method.equals(RtspMethods.OPTIONS) && !isOurPath(request.uri())) {
            reply(ctx, cseq, RtspResponseStatuses.NOT_FOUND, null);
            return;
        }
        RtspAuthenticator auth = server.authenticator();
        if (auth != null && !method.equals(RtspMethods.OPTIONS)) {
            String authorization = request.headers().get(RtspHeaderNames.AUTHORIZATION);
            if (!auth.isAuthorized(method.name(), request.uri(), authorization)) {
                server.stats.authenticationFailures.increment();
                FullHttpResponse response = response(cseq, RtspResponseStatuses.UNAUTHORIZED);
                for (String challenge : auth.challenges(auth.isStale(authorization))) {
                    response.headers().add(RtspHeaderNames.WWW_AUTHENTICATE, challenge);
                }
                send(ctx, response);
                return;
            }
        }
        String name = method.name();
        switch (name) {
            case "OPTIONS" -> {
                FullHttpResponse response = response(cseq, RtspResponseStatuses.OK);
                response.headers().set(RtspHeaderNames.PUBLIC, PUBLIC_METHODS);
                send(ctx, response);
            }
            case "DESCRIBE" -> describe(ctx, cseq);
            case "SETUP" -> setup(ctx, cseq, request);
            case "PLAY" -> play(ctx, cseq, request);
            case "PAUSE" -> {
                if (requireSession(ctx, cseq, request)) {
                    session.pause();
                    reply(ctx, cseq, RtspResponseStatuses.OK, session);
                }
            }
            case "GET_PARAMETER", "SET_PARAMETER" -> {
                if (request.headers().contains(RtspHeaderNames.SESSION) && !requireSession(ctx, cseq, request)) {
                    return;
                }
                reply(ctx, cseq, RtspResponseStatuses.OK, session);
            }
            case "TEARDOWN" -> {
                if (requireSession(ctx, cseq, request)) {
                    RtspSession ended = session;
                    server.removeSession(ended);
                    session = null;
                    reply(ctx, cseq, RtspResponseStatuses.OK, ended);
                }
            }
            default -> reply(ctx, cseq, RtspResponseStatuses.NOT_IMPLEMENTED, null);
        }
    }

    private void describe(ChannelHandlerContext ctx, String cseq) {
        byte[] sdp = server.sdp().getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(RtspVersions.RTSP_1_0, RtspResponseStatuses.OK,
                Unpooled.wrappedBuffer(sdp));
        response.headers().set(RtspHeaderNames.CSEQ, cseq);
        response.headers().set(RtspHeaderNames.CONTENT_TYPE, "application/sdp");
        response.headers().set(RtspHeaderNames.CONTENT_BASE, server.baseUrl() + "/");
        response.headers().set(RtspHeaderNames.CONTENT_LENGTH, sdp.length);
        send(ctx, response);
    }

    private void setup(ChannelHandlerContext ctx, String cseq, FullHttpRequest request) {
        String sessionHeader = request.headers().get(RtspHeaderNames.SESSION);
        if (sessionHeader != null && (session == null || !session.id.equals(sessionId(sessionHeader)))) {
            reply(ctx, cseq, RtspResponseStatuses.SESSION_NOT_FOUND, null);
            return;
        }
        String transport = request.headers().get(RtspHeaderNames.TRANSPORT);
        if (transport == null) {
            reply(ctx, cseq, RtspResponseStatuses.UNSUPPORTED_TRANSPORT, null);
            return;
        }
        RtspSession s = session != null ? session
                : server.newSession(ctx.channel(), ctx.pipeline().context(RtspEncoder.class));
        if (s == null) {
            reply(ctx, cseq, RtspResponseStatuses.NOT_ENOUGH_BANDWIDTH, null);
            return;
        }
        String answer = null;
        // The client lists acceptable transports in order of preference (RFC 2326 §12.39); take the first we serve.
        for (String spec : transport.split(",")) {
            answer = chooseTransport(ctx, s, spec.trim());
            if (answer != null) {
                break;
            }
        }
        if (answer == null) {
            if (session == null) {
                server.removeSession(s);
            }
            reply(ctx, cseq, RtspResponseStatuses.UNSUPPORTED_TRANSPORT, null);
            return;
        }
        session = s;
        FullHttpResponse response = response(cseq, RtspResponseStatuses.OK);
        response.headers().set(RtspHeaderNames.TRANSPORT, answer);
        response.headers().set(RtspHeaderNames.SESSION, s.id + ";timeout=" + SESSION_TIMEOUT_SECONDS);
        send(ctx, response);
    }

    private String chooseTransport(ChannelHandlerContext ctx, RtspSession s, String spec) {
        Map<String, String> params = new HashMap<>();
        String[] parts = spec.split(";");
        String protocol = parts[0].trim().toUpperCase(Locale.ROOT);
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            int eq = p.indexOf('=');
            params.put((eq < 0 ? p : p.substring(0, eq)).toLowerCase(Locale.ROOT), eq < 0 ? "" : p.substring(eq + 1));
        }
        if (params.containsKey("multicast")) {
            return null;
        }
        String ssrc = String.format("%08X", server.timeline().ssrc());
        try {
            if (protocol.equals("RTP/AVP/TCP")) {
                int[] channels = params.containsKey("interleaved") ? range(params.get("interleaved")) : new int[] {0, 1};
                if (channels[0] < 0 || channels[0] > 255 || channels[1] < 0 || channels[1] > 255) {
                    return null;
                }
                s.tcp = true;
                s.rtpChannel = channels[0];
                s.rtcpChannel = channels[1];
                s.timeline = server.timeline();
                return "RTP/AVP/TCP;unicast;interleaved=" + channels[0] + "-" + channels[1] + ";ssrc=" + ssrc;
            }
            if ((protocol.equals("RTP/AVP") || protocol.equals("RTP/AVP/UDP")) && params.containsKey("client_port")
                    && server.udpRtpChannel() != null) {
                int[] ports = range(params.get("client_port"));
                if (ports[0] <= 0 || ports[0] > 65535 || ports[1] <= 0 || ports[1] > 65535) {
                    return null;
                }
                InetSocketAddress peer = (InetSocketAddress) ctx.channel().remoteAddress();
                s.tcp = false;
                s.rtpDestination = new InetSocketAddress(peer.getAddress(), ports[0]);
                s.rtcpDestination = new InetSocketAddress(peer.getAddress(), ports[1]);
                s.timeline = server.timeline();
                return "RTP/AVP;unicast;client_port=" + ports[0] + "-" + ports[1] + ";server_port="
                        + server.udpRtpPort() + "-" + server.udpRtcpPort() + ";ssrc=" + ssrc;
            }
        } catch (NumberFormatException e) {
            return null; // a malformed port or channel range: try the client's next transport
        }
        return null;
    }

    private static int[] range(String value) {
        int dash = value.indexOf('-');
        if (dash < 0) {
            int a = Integer.parseInt(value.trim());
            return new int[] {a, a + 1};
        }
        return new int[] {Integer.parseInt(value.substring(0, dash).trim()), Integer.parseInt(value.substring(dash + 1).trim())};
    }

    private void play(ChannelHandlerContext ctx, String cseq, FullHttpRequest request) {
        if (!requireSession(ctx, cseq, request)) {
            return;
        }
        if (session.timeline != server.timeline()) {
            // The camera restarted between SETUP and PLAY: the session's SSRC no longer exists.
            reply(ctx, cseq, RtspResponseStatuses.SESSION_NOT_FOUND, null);
            return;
        }
        FullHttpResponse response = response(cseq, RtspResponseStatuses.OK);
        response.headers().set(RtspHeaderNames.SESSION, session.id + ";timeout=" + SESSION_TIMEOUT_SECONDS);
        response.headers().set(RtspHeaderNames.RANGE, "npt=0.000-");
        long rtptime = session.timeline.rtpTimestampAt(server.nowUtcMicros());
        response.headers().set(RtspHeaderNames.RTP_INFO, "url=" + server.baseUrl() + "/" + SdpWriter.TRACK_CONTROL
                + ";seq=" + session.nextSequenceNumber() + ";rtptime=" + rtptime);
        send(ctx, response);
        int cseqNumber;
        try {
            cseqNumber = Integer.parseInt(cseq.trim());
        } catch (NumberFormatException e) {
            cseqNumber = 0;
        }
        session.play(cseqNumber);
        server.requestKeyframe();
    }

    private boolean requireSession(ChannelHandlerContext ctx, String cseq, FullHttpRequest request) {
        String header = request.headers().get(RtspHeaderNames.SESSION);
        if (session == null || header == null || !session.id.equals(sessionId(header))) {
            reply(ctx, cseq, RtspResponseStatuses.SESSION_NOT_FOUND, null);
            return false;
        }
        return true;
    }

    private static String sessionId(String header) {
        int semicolon = header.indexOf(';');
        return (semicolon < 0 ? header : header.substring(0, semicolon)).trim();
    }

    private boolean isOurPath(String uri) {
        String path;
        try {
            path = uri.startsWith("/") ? uri : URI.create(uri).getRawPath();
        } catch (IllegalArgumentException e) {
            return false;
        }
        String ours = "/" + server.path();
        return path != null && (path.equals(ours) || path.startsWith(ours + "/"));
    }

    private static FullHttpResponse response(String cseq, HttpResponseStatus status) {
        FullHttpResponse response = new DefaultFullHttpResponse(RtspVersions.RTSP_1_0, status, Unpooled.EMPTY_BUFFER);
        response.headers().set(RtspHeaderNames.CSEQ, cseq);
        response.headers().set(RtspHeaderNames.SERVER, "streamsync-sim");
        response.headers().set(RtspHeaderNames.CONTENT_LENGTH, 0);
        return response;
    }

    private static void reply(ChannelHandlerContext ctx, String cseq, HttpResponseStatus status, RtspSession s) {
        FullHttpResponse response = response(cseq, status);
        if (s != null) {
            response.headers().set(RtspHeaderNames.SESSION, s.id + ";timeout=" + SESSION_TIMEOUT_SECONDS);
        }
        send(ctx, response);
    }

    private static void send(ChannelHandlerContext ctx, FullHttpResponse response) {
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event == InterleavedFrameDecoder.INTERLEAVED_FRAME) {
            if (session != null) {
                session.lastActivityNanos = System.nanoTime(); // an RTCP receiver report keeps the session alive
            }
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (session != null) {
            server.removeSession(session);
            session = null;
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A malformed or oversized request: this connection ends, the camera and its other clients go on.
        LOG.debug("closing RTSP connection from {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
