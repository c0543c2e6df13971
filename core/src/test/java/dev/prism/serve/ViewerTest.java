package dev.prism.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The viewer's API on a loopback port, over a folder with a trained run, its map and a study: what
 * it lists and answers, and everything it must refuse (leaving the folder by any spelling, writing,
 * a foreign Host, a missing token, an oversized request, a busy port, a folder without runs).
 */
@Timeout(300)
class ViewerTest {

    @TempDir
    static Path dir;

    static ServedRuns served;
    static Viewer viewer;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void start() throws Exception {
        served = ServedRuns.make(dir);
        viewer = Viewer.start(new Viewer.Config(List.of(served.runs), "127.0.0.1", 0, false));
    }

    @AfterAll
    static void stop() {
        if (viewer != null) {
            viewer.close();
        }
    }

    static HttpResponse<byte[]> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + viewer.port() + path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    static String text(String path) throws Exception {
        HttpResponse<byte[]> r = get(path);
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    /** The status line of a request sent byte for byte as given (no client normalises its path). */
    static String raw(String requestLine, String host) throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), viewer.port())) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            out.write((requestLine + "\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            String head = new String(in.readNBytes(64), StandardCharsets.ISO_8859_1);
            return head.contains("\r\n") ? head.substring(0, head.indexOf("\r\n")) : head;
        }
    }

    @Test
    void listsTheRunTheMapAndTheStudyWithTheirFigures() throws Exception {
        JsonArray runs = JsonParser.parseString(text("/api/runs")).getAsJsonArray();
        JsonObject run = find(runs, "0/ip-run");
        JsonObject results = JsonParser.parseString(Files.readString(served.run.resolve("results.json"))).getAsJsonObject();
        assertThat(run.get("kind").getAsString()).isEqualTo("run");
        assertThat(run.get("state").getAsString()).isEqualTo("finished");
        assertThat(run.get("model").getAsString()).isEqualTo("hybridsn");
        assertThat(run.get("oa").getAsDouble()).isEqualTo(results.getAsJsonObject("test").get("oa").getAsDouble());
        assertThat(run.get("cpu").getAsString()).isNotBlank();
        assertThat(find(runs, "0/a-map").get("kind").getAsString()).isEqualTo("map");
        assertThat(find(runs, "0/study").get("arms").getAsInt()).isEqualTo(6);

        JsonObject page = JsonParser.parseString(text("/api/run?id=0/ip-run")).getAsJsonObject();
        assertThat(page.getAsJsonArray("curves")).hasSize(2);
        assertThat(page.getAsJsonObject("confusion").getAsJsonArray("rows")).hasSize(3);
        assertThat(page.get("hasMap").getAsBoolean()).isTrue();
        JsonObject study = JsonParser.parseString(text("/api/study?id=0/study")).getAsJsonObject();
        assertThat(study.getAsJsonArray("arms")).hasSize(6);
    }

    @Test
    void aPixelIsWhatTheFilesHoldAndTilesArePictures() throws Exception {
        JsonObject p = JsonParser.parseString(text("/api/pixel?id=0/a-map&r=11&c=5")).getAsJsonObject();
        assertThat(p.get("predictedName").getAsString()).isEqualTo(served.mapClassAt(11, 5));
        assertThat(p.getAsJsonArray("spectrum")).as("the mapped cube's 24 bands").hasSize(24);
        assertThat(p.get("confidence").getAsDouble()).isBetween(0.0, 1.0);
        JsonObject r = JsonParser.parseString(text("/api/pixel?id=0/ip-run&r=3&c=4")).getAsJsonObject();
        assertThat(r.get("truthName").getAsString()).isNotBlank();
        JsonObject runMeta = JsonParser.parseString(text("/api/map?id=0/ip-run")).getAsJsonObject();
        long total = 0;
        for (var c : runMeta.getAsJsonArray("classes")) {
            total += c.getAsJsonObject().get("pixels").getAsLong();
        }
        assertThat(total).as("a run's legend counts every predicted pixel").isEqualTo(23 * 17);
        assertThat(runMeta.getAsJsonArray("layers")).hasSize(3);
        JsonObject meta = JsonParser.parseString(text("/api/map?id=0/a-map")).getAsJsonObject();
        assertThat(meta.get("rows").getAsInt()).isEqualTo(23);
        assertThat(meta.get("cols").getAsInt()).isEqualTo(17);
        HttpResponse<byte[]> tile = get("/api/tile?id=0/a-map&layer=predicted&z=0&x=0&y=0");
        assertThat(tile.statusCode()).isEqualTo(200);
        var img = ImageIO.read(new ByteArrayInputStream(tile.body()));
        assertThat(img.getWidth()).isEqualTo(17);
        assertThat(img.getHeight()).isEqualTo(23);
        assertThat(get("/api/tile?id=0/a-map&layer=predicted&z=0&x=1&y=0").statusCode()).as("outside the map").isEqualTo(404);
        assertThat(get("/api/pixel?id=0/a-map&r=23&c=0").statusCode()).isEqualTo(404);
    }

    @Test
    void nothingOutsideTheFoldersIsReachable() throws Exception {
        Path outside = dir.resolve("secret.txt");
        Files.writeString(outside, "not served");
        Files.createSymbolicLink(served.runs.resolve("link-out"), dir);
        assertThat(text("/files/0/ip-run/split.txt")).isNotBlank();
        for (String path : List.of("/files/0/../secret.txt", "/files/0/%2e%2e/secret.txt", "/files/0/%2E%2E%2Fsecret.txt",
                "/files/0/ip-run/../../secret.txt", "/files/0/link-out/secret.txt", "/files/" + outside.toString().replace("/", "%2F"),
                "/files/1/secret.txt", "/files//etc/passwd", "/files/0/..%5Csecret.txt", "/api/run?id=0/..", "/api/run?id=0/link-out",
                "/api/pixel?id=0/../secret.txt&r=0&c=0")) {
            String status = raw("GET " + path + " HTTP/1.1", "127.0.0.1");
            assertThat(status).as(path).matches("HTTP/1.1 (400|404) .*");
        }
    }

    @Test
    void onlyReadingIsAnsweredAndOnlyToTheLoopbackHost() throws Exception {
        for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
            assertThat(raw(method + " /api/runs HTTP/1.1", "127.0.0.1")).as(method).startsWith("HTTP/1.1 405");
        }
        assertThat(raw("GET /api/runs HTTP/1.1", "127.0.0.1:" + viewer.port())).startsWith("HTTP/1.1 200");
        assertThat(raw("GET /api/runs HTTP/1.1", "attacker.example:" + viewer.port())).as("DNS rebinding").startsWith("HTTP/1.1 403");
        // a request far larger than any the page makes is refused, and the server goes on answering
        String huge = "/api/runs?x=" + "a".repeat(200_000);
        assertThat(raw("GET " + huge + " HTTP/1.1", "127.0.0.1")).matches("HTTP/1.1 (414|431|400) .*");
        assertThat(raw("GET /api/runs HTTP/1.1", "127.0.0.1")).startsWith("HTTP/1.1 200");
    }

    @Test
    void withATokenRequiredNothingIsAnsweredWithoutIt() throws Exception {
        try (Viewer guarded = Viewer.start(new Viewer.Config(List.of(served.runs), "127.0.0.1", 0, true))) {
            String base = "http://127.0.0.1:" + guarded.port();
            assertThat(guarded.token()).hasSize(32);
            for (String path : List.of("/api/runs", "/", "/files/0/ip-run/split.txt", "/api/runs?token=wrong")) {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(path).isEqualTo(401);
            }
            HttpResponse<String> ok = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/runs?token=" + guarded.token())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ok.statusCode()).isEqualTo(200);
            String cookie = ok.headers().firstValue("Set-Cookie").orElseThrow();
            assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict");
            HttpResponse<String> withCookie = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/runs"))
                    .header("Cookie", cookie.substring(0, cookie.indexOf(';'))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(withCookie.statusCode()).isEqualTo(200);
        }
        // the command's rule: a token unless the address is a loopback one (decided without binding anything)
        assertThat(Viewer.Config.of(List.of(served.runs), "127.0.0.1", 0).requireToken()).isFalse();
        assertThat(Viewer.Config.of(List.of(served.runs), "::1", 0).requireToken()).isFalse();
        assertThat(Viewer.Config.of(List.of(served.runs), "192.0.2.7", 0).requireToken()).isTrue();
        assertThatThrownBy(() -> Viewer.start(new Viewer.Config(List.of(served.runs), "192.0.2.7", 0, false)))
                .hasMessage("--host 192.0.2.7 is not a loopback address: a token is required there");
    }

    @Test
    void aBusyPortAndAFolderWithoutRunsAreOneLineEach() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> Viewer.start(new Viewer.Config(List.of(served.runs), "127.0.0.1", busy.getLocalPort(), false)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("port " + busy.getLocalPort() + " on 127.0.0.1 is in use: give another with --port (0 picks a free one)");
        }
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> Viewer.start(new Viewer.Config(List.of(empty), "127.0.0.1", 0, false)))
                .hasMessageStartingWith("--runs " + empty.toRealPath() + " holds no run, map or study");
        assertThatThrownBy(() -> Viewer.start(new Viewer.Config(List.of(dir.resolve("missing")), "127.0.0.1", 0, false)))
                .hasMessage("--runs " + dir.resolve("missing") + ": no such folder");
    }

    private static JsonObject find(JsonArray runs, String id) {
        for (var e : runs) {
            if (e.getAsJsonObject().get("id").getAsString().equals(id)) {
                return e.getAsJsonObject();
            }
        }
        throw new AssertionError("no " + id + " in " + runs);
    }
}
