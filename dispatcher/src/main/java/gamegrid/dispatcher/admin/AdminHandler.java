package gamegrid.dispatcher.admin;

import gamegrid.dispatcher.fleet.FleetException;
import gamegrid.dispatcher.fleet.FleetView;
import gamegrid.dispatcher.fleet.ServerAddress;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.ReadTimeoutException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the admin port's HTTP requests, in the order they came even when the fleet answers later:
 * <ul>
 *   <li>{@code GET /} and {@code /status.js}: the live status page;</li>
 *   <li>{@code GET /metrics}: Prometheus text format;</li>
 *   <li>{@code GET /api/fleet}: the fleet as JSON; {@code GET /api/health}: 200 when a player can be served, else 503;</li>
 *   <li>{@code POST /api/drain?port=N}: drains a server, with the operator's secret as {@code Authorization: Bearer};</li>
 *   <li>{@code POST /api/announce}: the body to every player through the chat server ({@link ChatAnnouncer}), with the secret.</li>
 * </ul>
 * Everything else gets the status code that says why: 400, 404, 405, 401, 403, 414, 431 (413 comes from the
 * aggregator before this handler). All state belongs to the channel's event loop.
 */
final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(AdminHandler.class);
    /** How long a request may wait for the fleet's thread before the answer is 503. */
    private static final long FLEET_TIMEOUT_SECONDS = 5;
    private static final byte[] PAGE = resource("status.html");
    private static final byte[] SCRIPT = resource("status.js");
    private static final String GET_ONLY = "GET, HEAD";

    /** A response on its way, and whether the connection stays open after it. */
    private record Pending(CompletableFuture<FullHttpResponse> response, boolean keepAlive) {
    }

    private final AdminContext admin;
    private final ChatAnnouncer announcer;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();

    AdminHandler(AdminContext admin) {
        this.admin = admin;
        this.announcer = new ChatAnnouncer(admin);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean valid = request.decoderResult().isSuccess();
        boolean head = HttpMethod.HEAD.equals(request.method());
        CompletableFuture<FullHttpResponse> response = valid ? route(ctx, request) : CompletableFuture.completedFuture(malformed(request));
        if (head) {
            response = response.thenApply(AdminHandler::withoutBody);
        }
        // After a malformed request the decoder reads nothing more: answer it and close.
        pending.add(new Pending(response, valid && HttpUtil.isKeepAlive(request)));
        response.whenComplete((r, e) -> {
            if (ctx.executor().inEventLoop()) {
                writeAnswered(ctx);
            } else {
                ctx.executor().execute(() -> writeAnswered(ctx));
            }
        });
    }

    private CompletableFuture<FullHttpResponse> route(ChannelHandlerContext ctx, FullHttpRequest request) {
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        return switch (uri.path()) {
            case "/", "/index.html" -> get(request, () -> done(ok("text/html; charset=utf-8", PAGE)));
            case "/status.js" -> get(request, () -> done(ok("text/javascript; charset=utf-8", SCRIPT)));
            case "/metrics" -> get(request, () -> fromFleet(admin.fleet().view()).thenApplyAsync(this::metrics, ctx.executor()));
            case "/api/fleet" -> get(request, this::fleet);
            case "/api/health" -> get(request, () -> fromFleet(admin.fleet().notReadyReason()).thenApply(why -> why == null
                    ? text(HttpResponseStatus.OK, "ready") : text(HttpResponseStatus.SERVICE_UNAVAILABLE, "not ready: " + why)));
            case "/api/drain" -> operatorAction(request, () -> drain(uri));
            case "/api/announce" -> operatorAction(request, () -> announcer.announce(request.content(), ctx.channel().eventLoop()));
            default -> done(text(HttpResponseStatus.NOT_FOUND, "no such page: " + uri.path()));
        };
    }

    private static CompletableFuture<FullHttpResponse> get(FullHttpRequest request, Supplier<CompletableFuture<FullHttpResponse>> answer) {
        HttpMethod method = request.method();
        return HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method) ? answer.get() : done(notAllowed(GET_ONLY));
    }

    /** Anything that changes the world: POST only, and only with the operator's secret. */
    private CompletableFuture<FullHttpResponse> operatorAction(FullHttpRequest request, Supplier<CompletableFuture<FullHttpResponse>> action) {
        if (!HttpMethod.POST.equals(request.method())) {
            return done(notAllowed("POST"));
        }
        return switch (admin.secret().judge(request.headers().get(HttpHeaderNames.AUTHORIZATION))) {
            case MISSING -> {
                FullHttpResponse refused = text(HttpResponseStatus.UNAUTHORIZED, "the operator secret is needed: Authorization: Bearer SECRET");
                refused.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"gamegrid\"");
                yield done(refused);
            }
            case WRONG -> {
                log.warn("admin action refused: wrong operator secret on {}", request.uri());
                yield done(text(HttpResponseStatus.FORBIDDEN, "wrong operator secret"));
            }
            case OPERATOR -> action.get();
        };
    }

    /** {@code port=N}, and {@code host=H} when servers on several hosts share the port. */
    private CompletableFuture<FullHttpResponse> drain(QueryStringDecoder uri) {
        int port;
        try {
            port = Integer.parseInt(single(uri, "port"));
        } catch (NumberFormatException | NullPointerException e) {
            port = -1;
        }
        if (port < 1 || port > 65_535) {
            return done(text(HttpResponseStatus.BAD_REQUEST, "drain needs one port=N, 1 to 65535 (and host=H if several hosts use it)"));
        }
        int target = port;
        String host = single(uri, "host");
        return fromFleet(admin.fleet().view()).thenCompose(view -> {
            List<FleetView.ServerView> matches = view.servers().stream()
                    .filter(s -> s.port() == target && (host == null || s.host().equals(host))).toList();
            if (matches.size() != 1) {
                return done(matches.isEmpty() ? text(HttpResponseStatus.NOT_FOUND, "no server on port " + target)
                        : text(HttpResponseStatus.CONFLICT, "servers on several hosts use port " + target + ": add host=H"));
            }
            ServerAddress address = new ServerAddress(matches.get(0).host(), target);
            return fromFleet(admin.fleet().drain(address)).handle((kind, error) -> {
                if (error != null) {
                    Throwable cause = error instanceof CompletionException ? error.getCause() : error;
                    return cause instanceof FleetException
                            ? text(HttpResponseStatus.CONFLICT, cause.getMessage()) : unavailable(cause);
                }
                log.info("operator drained {} server {}", kind, address);
                return json(HttpResponseStatus.ACCEPTED, new JsonWriter().beginObject().name("draining").value(target)
                        .name("host").value(address.host()).name("kind").value(kind).endObject().toString());
            });
        });
    }

    /** The one value of a query parameter, or null when it is absent or repeated. */
    private static String single(QueryStringDecoder uri, String name) {
        List<String> values = uri.parameters().get(name);
        return values == null || values.size() != 1 ? null : values.get(0);
    }

    private CompletableFuture<FullHttpResponse> fleet() {
        CompletableFuture<FleetView> view = fromFleet(admin.fleet().view());
        CompletableFuture<String> notReady = fromFleet(admin.fleet().notReadyReason());
        return view.thenCombine(notReady, (v, why) -> json(HttpResponseStatus.OK,
                FleetJson.of(v, why, admin.events().newestFirst(), admin.launch(), admin.wallClock().getAsLong())));
    }

    private FullHttpResponse metrics(FleetView view) {
        ByteBuf body = Unpooled.buffer(16 * 1024);
        try (ByteBufOutputStream out = new ByteBufOutputStream(body)) {
            admin.metrics().scrape(view, out);
        } catch (IOException e) {
            body.release();
            throw new UncheckedIOException(e);
        }
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, DispatcherMetrics.CONTENT_TYPE);
        return response;
    }

    /** The fleet's answer, or a failure after {@link #FLEET_TIMEOUT_SECONDS} when its thread is busy or gone. */
    static <T> CompletableFuture<T> fromFleet(CompletableFuture<T> answer) {
        return answer.orTimeout(FLEET_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** Writes every response at the head of the queue that is ready, in order; closes after one that ends the connection. */
    private void writeAnswered(ChannelHandlerContext ctx) {
        while (!pending.isEmpty() && pending.peek().response().isDone()) {
            Pending next = pending.poll();
            FullHttpResponse response = next.response().handle((r, e) -> r != null ? r : unavailable(e)).join();
            if (!ctx.channel().isActive()) {
                response.release();
                continue;
            }
            if (!response.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) { // a HEAD answer has its GET's
                HttpUtil.setContentLength(response, response.content().readableBytes());
            }
            response.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
            response.headers().set("X-Content-Type-Options", "nosniff");
            if (next.keepAlive()) {
                ctx.writeAndFlush(response, ctx.voidPromise());
            } else {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
                pending.forEach(p -> p.response().thenAccept(FullHttpResponse::release));
                pending.clear();
            }
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        pending.forEach(p -> p.response().thenAccept(FullHttpResponse::release));
        pending.clear();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof ReadTimeoutException || cause instanceof IOException) {
            log.debug("admin connection from {} closed: {}", ctx.channel().remoteAddress(), cause.toString());
        } else {
            log.warn("admin connection from {} failed", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }

    /** A request the decoder could not read: 414 for a request line too long, 431 for headers, else 400. */
    private static FullHttpResponse malformed(FullHttpRequest request) {
        Throwable cause = request.decoderResult().cause();
        log.debug("malformed admin request: {}", cause.toString());
        if (cause instanceof TooLongHttpLineException) {
            return text(HttpResponseStatus.REQUEST_URI_TOO_LONG, "request line too long");
        } else if (cause instanceof TooLongHttpHeaderException) {
            return text(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "headers too large");
        } else if (cause instanceof TooLongFrameException) {
            return text(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "request too large");
        }
        return text(HttpResponseStatus.BAD_REQUEST, "malformed HTTP request");
    }

    private static FullHttpResponse notAllowed(String allowed) {
        FullHttpResponse response = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "method not allowed; allowed: " + allowed);
        response.headers().set(HttpHeaderNames.ALLOW, allowed);
        return response;
    }

    private static FullHttpResponse unavailable(Throwable error) {
        log.warn("admin request failed: {}", error.toString());
        return text(HttpResponseStatus.SERVICE_UNAVAILABLE, "the fleet did not answer in time");
    }

    private static FullHttpResponse withoutBody(FullHttpResponse response) {
        int length = response.content().readableBytes();
        FullHttpResponse head = response.replace(Unpooled.EMPTY_BUFFER);
        response.release();
        HttpUtil.setContentLength(head, length);
        return head;
    }

    static FullHttpResponse text(HttpResponseStatus status, String text) {
        return response(status, "text/plain; charset=utf-8", (text + "\n").getBytes(StandardCharsets.UTF_8));
    }

    static FullHttpResponse json(HttpResponseStatus status, String json) {
        return response(status, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    private static FullHttpResponse ok(String contentType, byte[] body) {
        FullHttpResponse response = response(HttpResponseStatus.OK, contentType, body);
        // The page loads only its own script and data.
        response.headers().set("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'");
        return response;
    }

    private static FullHttpResponse response(HttpResponseStatus status, String contentType, byte[] body) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        return response;
    }

    static CompletableFuture<FullHttpResponse> done(FullHttpResponse response) {
        return CompletableFuture.completedFuture(response);
    }

    private static byte[] resource(String name) {
        try (InputStream in = AdminHandler.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " beside " + AdminHandler.class.getName());
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
