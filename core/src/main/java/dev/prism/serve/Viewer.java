package dev.prism.serve;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A local web viewer over folders of runs, maps and studies: a page of its own (served from the
 * jar, no network needed) reading a small read-only JSON and tile API. Only GET and HEAD are
 * answered; nothing outside the served folders is reachable; without a token (loopback only) the
 * Host header must name the loopback, so that a web page elsewhere cannot reach it by DNS
 * rebinding; on any other address every request must carry the token printed at start.
 */
public final class Viewer implements AutoCloseable {

    /**
     * What to serve and where.
     *
     * @param folders the folders of runs, maps and studies
     * @param host the address to listen on (loopback unless said otherwise)
     * @param port the port; 0 for any free one
     * @param requireToken whether every request must carry the token printed at start (always, off loopback)
     */
    public record Config(List<Path> folders, String host, int port, boolean requireToken) {
        /** Checks the port. */
        public Config {
            folders = List.copyOf(folders);
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("--port must be in 0..65535, got " + port);
            }
        }

        /** {@code folders} on {@code host}:{@code port}, a token required unless {@code host} is a loopback address. */
        public static Config of(List<Path> folders, String host, int port) throws IOException {
            return new Config(folders, host, port, !InetAddress.getByName(host).isLoopbackAddress());
        }
    }

    static final Gson GSON = new Gson();
    private static final int MAPS_OPEN = 4;

    private final Folders folders;
    private final String token;
    private final Javalin app;
    private final Map<Path, MapSource> maps = new LinkedHashMap<>(8, 0.75f, true);

    private Viewer(Folders folders, String token, Javalin app) {
        this.folders = folders;
        this.token = token;
        this.app = app;
    }

    /**
     * Starts a viewer; refuses, with one line naming what to change, folders that do not exist or
     * hold no run, map or study, and a port already in use.
     */
    public static Viewer start(Config config) throws IOException {
        Folders folders = new Folders(config.folders());
        for (Path root : folders.roots()) {
            if (RunIndex.scan(new Folders(List.of(root))).isEmpty()) {
                throw new IllegalArgumentException("--runs " + root + " holds no run, map or study (folders with config.json and"
                        + " results.json or metrics.jsonl, map.json, study.json)");
            }
        }
        InetAddress address = InetAddress.getByName(config.host());
        if (!address.isLoopbackAddress() && !config.requireToken()) {
            throw new IllegalArgumentException("--host " + config.host() + " is not a loopback address: a token is required there");
        }
        String token = config.requireToken() ? HexFormat.of().formatHex(new SecureRandom().generateSeed(16)) : null;
        Javalin app = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.startupWatcherEnabled = false;
            cfg.staticFiles.add(s -> {
                s.hostedPath = "/";
                s.directory = "/dev/prism/serve/web";
                s.location = Location.CLASSPATH;
            });
            cfg.jetty.threadPool = new QueuedThreadPool(12, 2); // bounds the tiles rendered at once, hence memory
            cfg.http.maxRequestSize = 0;
        });
        Viewer v = new Viewer(folders, token, app);
        v.routes();
        try {
            app.start(config.host(), config.port());
        } catch (RuntimeException e) {
            if (causedBy(e, BindException.class)) {
                throw new IllegalArgumentException("port " + config.port() + " on " + config.host() + " is in use: give another with"
                        + " --port (0 picks a free one)");
            }
            throw e;
        }
        return v;
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** The port listened on. */
    public int port() {
        return app.port();
    }

    /** The token requests must carry (null on loopback, where none is needed). */
    public String token() {
        return token;
    }

    private void routes() {
        app.before(this::guard);
        app.get("/api/runs", ctx -> json(ctx, runs()));
        app.get("/api/run", ctx -> json(ctx, RunPages.run(entry(ctx), folders)));
        app.get("/api/study", ctx -> json(ctx, RunPages.study(entry(ctx), folders)));
        app.get("/api/map", ctx -> json(ctx, RunPages.mapMeta(map(ctx), entry(ctx))));
        app.get("/api/tile", this::tile);
        app.get("/api/pixel", ctx -> json(ctx, RunPages.pixel(map(ctx), intParam(ctx, "r"), intParam(ctx, "c"))));
        app.get("/files/<path>", this::file);
        app.exception(NotFound.class, (e, ctx) -> ctx.status(HttpStatus.NOT_FOUND).result("not found"));
        app.exception(IllegalArgumentException.class, (e, ctx) -> ctx.status(HttpStatus.NOT_FOUND).result("not found"));
    }

    /** Refuses what the viewer never does (anything but reading), a foreign Host without a token, and a missing token where one is required. */
    private void guard(Context ctx) {
        String method = ctx.method().name();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            throw new io.javalin.http.HttpResponseException(405, "read only");
        }
        if (token == null) {
            String host = Optional.ofNullable(ctx.header("Host")).orElse("").replaceAll(":[0-9]+$", "").toLowerCase(Locale.ROOT);
            if (!host.equals("127.0.0.1") && !host.equals("localhost") && !host.equals("[::1]")) {
                throw new io.javalin.http.HttpResponseException(403, "this viewer answers requests to the loopback address only");
            }
            return;
        }
        String given = Optional.ofNullable(ctx.queryParam("token")).orElse(ctx.cookie("prism_token"));
        if (given == null || !java.security.MessageDigest.isEqual(given.getBytes(), token.getBytes())) {
            throw new io.javalin.http.HttpResponseException(401, "a token is required: open the address prism serve printed");
        }
        if (ctx.queryParam("token") != null) {
            ctx.header("Set-Cookie", "prism_token=" + token + "; Path=/; HttpOnly; SameSite=Strict");
        }
    }

    private JsonArray runs() throws IOException {
        JsonArray out = new JsonArray();
        for (RunIndex.Entry e : RunIndex.scan(folders)) {
            out.add(RunIndex.summary(e));
        }
        return out;
    }

    private RunIndex.Entry entry(Context ctx) {
        String id = ctx.queryParam("id");
        Path dir = folders.resolve(id).orElseThrow(NotFound::new);
        RunIndex.Kind k = Files.isDirectory(dir) ? RunIndex.kind(dir) : null;
        if (k == null) {
            throw new NotFound();
        }
        return new RunIndex.Entry(id, k, dir);
    }

    private synchronized MapSource map(Context ctx) throws IOException {
        RunIndex.Entry e = entry(ctx);
        MapSource m = maps.get(e.dir());
        if (m == null) {
            m = e.kind() == RunIndex.Kind.MAP ? FileMap.open(e.dir()) : RunMap.open(e.dir());
            if (m == null) {
                throw new NotFound();
            }
            maps.put(e.dir(), m);
            if (maps.size() > MAPS_OPEN) {
                Map.Entry<Path, MapSource> eldest = maps.entrySet().iterator().next();
                maps.remove(eldest.getKey());
                eldest.getValue().close();
            }
        }
        return m;
    }

    private void tile(Context ctx) throws IOException {
        MapSource.Layer layer = MapSource.Layer.of(ctx.queryParam("layer"));
        if (layer == null) {
            throw new NotFound();
        }
        byte[] png = Tiles.png(map(ctx), layer, intParam(ctx, "z"), intParam(ctx, "x"), intParam(ctx, "y"));
        ctx.contentType("image/png").header("Cache-Control", "no-cache").result(png);
    }

    private void file(Context ctx) throws IOException {
        Path p = folders.resolve(ctx.pathParam("path")).orElseThrow(NotFound::new);
        if (!Files.isRegularFile(p)) {
            throw new NotFound();
        }
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        String type = name.endsWith(".png") ? "image/png" : name.endsWith(".json") ? "application/json"
                : name.endsWith(".md") || name.endsWith(".txt") || name.endsWith(".csv") || name.endsWith(".hdr") ? "text/plain; charset=utf-8"
                : "application/octet-stream";
        InputStream in = Files.newInputStream(p);
        ctx.contentType(type).header("X-Content-Type-Options", "nosniff").result(in);
    }

    private static int intParam(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || !v.matches("-?[0-9]{1,9}")) {
            throw new NotFound();
        }
        return Integer.parseInt(v);
    }

    private static void json(Context ctx, JsonElement body) {
        ctx.contentType("application/json").header("Cache-Control", "no-cache").result(GSON.toJson(body));
    }

    @Override
    public synchronized void close() {
        app.stop();
        for (MapSource m : maps.values()) {
            try {
                m.close();
            } catch (IOException e) {
                // the server is stopping; a map file that fails to close holds nothing to save
            }
        }
        maps.clear();
    }

    /** What a request names is not there (or not servable): always the same answer. */
    static final class NotFound extends RuntimeException {
        NotFound() {
            super("not found", null, false, false);
        }
    }
}
