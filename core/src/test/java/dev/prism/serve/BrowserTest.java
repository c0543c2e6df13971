package dev.prism.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.cli.CliProcess;
import dev.prism.data.hsi.TestScenes;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The viewer in a real browser: headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}, which {@code .ci/run} installs) driven through Selenium against a viewer
 * on a free loopback port, over a run trained here, its map, a study, and a run that trains while
 * the page watches. Each page's screenshot is written to {@code core/target/screenshots} and must
 * not be blank.
 */
@Timeout(600)
class BrowserTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SHOTS = Path.of("core/target/screenshots");

    @TempDir
    static Path dir;

    static ServedRuns served;
    static Viewer viewer;
    static ChromeDriver browser;

    @BeforeAll
    static void start() throws Exception {
        assertThat(CHROMIUM).as("Chromium for the browser tests: apt-get install chromium chromium-driver (.ci/run does)").isExecutable();
        assertThat(DRIVER).as("ChromeDriver for the browser tests: apt-get install chromium-driver (.ci/run does)").isExecutable();
        served = ServedRuns.make(dir);
        viewer = Viewer.start(new Viewer.Config(List.of(served.runs), "127.0.0.1", 0, false));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1100",
                "--no-proxy-server", "--disable-extensions");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60)).scriptTimeout(Duration.ofSeconds(30));
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (viewer != null) {
            viewer.close();
        }
    }

    static String url(String hash) {
        return "http://127.0.0.1:" + viewer.port() + "/" + hash;
    }

    static WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(60));
    }

    static void open(String hash) {
        browser.get("about:blank");
        browser.get(url(hash));
    }

    /** Saves the page as {@code name}.png and checks it shows something: many colours, not one. */
    static void screenshot(String name) throws Exception {
        byte[] png = browser.getScreenshotAs(OutputType.BYTES);
        Files.write(SHOTS.resolve(name + ".png"), png);
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 7) {
            for (int x = 0; x < img.getWidth(); x += 7) {
                colours.add(img.getRGB(x, y));
            }
        }
        assertThat(colours.size()).as(name + ": distinct colours in the screenshot").isGreaterThan(20);
    }

    @Test
    void theRunListShowsTheRunsAndFiltersThem() throws Exception {
        open("#/");
        waiting().until(d -> d.findElements(By.cssSelector("#runs tbody tr")).size() >= 3);
        assertThat(browser.findElement(By.cssSelector("tr[data-id='0/ip-run']")).getText()).contains("hybridsn").contains("finished");
        assertThat(browser.findElements(By.cssSelector("tr[data-id='0/a-map']"))).hasSize(1);
        assertThat(browser.findElements(By.cssSelector("tr[data-id='0/study']"))).hasSize(1);
        screenshot("runs");
        browser.findElement(By.id("filter")).sendKeys("a-map");
        waiting().until(d -> d.findElements(By.cssSelector("#runs tbody tr")).size() == 1);
        assertThat(browser.findElement(By.cssSelector("#runs tbody tr")).getAttribute("data-id")).isEqualTo("0/a-map");
    }

    @Test
    void aRunPageShowsItsOaCurvesAndConfusionMatrix() throws Exception {
        open("#/run/" + enc("0/ip-run"));
        WebElement oa = waiting().until(d -> d.findElement(By.cssSelector("[data-metric='oa'] b")));
        double expected = com.google.gson.JsonParser.parseString(Files.readString(served.run.resolve("results.json"))).getAsJsonObject()
                .getAsJsonObject("test").get("oa").getAsDouble();
        assertThat(oa.getText()).isEqualTo(String.format(Locale.ROOT, "%.2f", expected));
        assertThat(browser.findElement(By.cssSelector("svg.curve")).getAttribute("data-points")).isEqualTo("2");
        assertThat(browser.findElements(By.cssSelector("#confusion tr"))).hasSize(4);
        assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("finished");
        waitForATile();
        screenshot("run");
    }

    @Test
    void hoveringAMapPixelShowsTheClassTheEnviFileHoldsThere() throws Exception {
        open("#/map/" + enc("0/a-map"));
        WebElement canvas = waiting().until(d -> d.findElement(By.cssSelector("canvas[data-map='0/a-map']")));
        waitForATile();
        for (int[] rc : new int[][] {{11, 5}, {0, 0}, {22, 16}, {6, 12}}) {
            @SuppressWarnings("unchecked")
            Map<String, Object> at = (Map<String, Object>) ((JavascriptExecutor) browser).executeScript(
                    "return window.prismViews[0].screenOf(arguments[0], arguments[1])", rc[0], rc[1]);
            int dx = (int) Math.floor(((Number) at.get("x")).doubleValue() - canvas.getSize().getWidth() / 2.0);
            int dy = (int) Math.floor(((Number) at.get("y")).doubleValue() - canvas.getSize().getHeight() / 2.0);
            new Actions(browser).moveToElement(canvas, dx, dy).perform();
            WebElement info = browser.findElement(By.cssSelector(".pixel-info"));
            waiting().until(d -> String.valueOf(rc[0]).equals(info.getAttribute("data-row")) && String.valueOf(rc[1]).equals(info.getAttribute("data-col")));
            assertThat(info.getAttribute("data-class")).as("pixel %d, %d", rc[0], rc[1]).isEqualTo(served.mapClassAt(rc[0], rc[1]));
        }
        assertThat(browser.findElement(By.id("tip")).getText()).contains("predicted:").contains("raw bands");
        screenshot("map");
    }

    /**
     * A 2,900 x 2,900 map opens at a level that fits the view (a few tiles, each every 2^z-th pixel),
     * and zooming in with the wheel asks for full-resolution tiles of the part in view only.
     */
    @Test
    void aLargeMapZoomsThroughItsLevelsReadingOnlyTheTilesInView() throws Exception {
        ServedRuns.largeMap(served.runs.resolve("large-map"), 2900);
        open("#/map/" + enc("0/large-map"));
        WebElement canvas = waiting().until(d -> d.findElement(By.cssSelector("canvas[data-map='0/large-map']")));
        JavascriptExecutor js = (JavascriptExecutor) browser;
        String loaded = "return [...window.prismViews[0].cache.entries()].filter(([k, i]) => i.complete && i.naturalWidth > 0).map(([k]) => k)";
        String requested = "return [...window.prismViews[0].cache.keys()]";
        waiting().until(d -> ((List<?>) js.executeScript(loaded)).size() == ((List<?>) js.executeScript(requested)).size());
        assertThat((List<?>) js.executeScript(requested)).as("the fitted view asks for level 2 (every 4th pixel), 3 x 3 tiles")
                .allMatch(k -> k.toString().startsWith("predicted/2/")).hasSize(9);
        for (int i = 0; i < 12; i++) {
            new Actions(browser).scrollFromOrigin(org.openqa.selenium.interactions.WheelInput.ScrollOrigin.fromElement(canvas), 0, -120)
                    .perform();
        }
        waiting().until(d -> ((List<?>) js.executeScript(loaded)).stream().anyMatch(k -> k.toString().startsWith("predicted/0/")));
        long full = ((List<?>) js.executeScript(loaded)).stream().filter(k -> k.toString().startsWith("predicted/0/")).count();
        // each wheel step shows at most 5 x 4 full-resolution tiles (from a scale of 0.5 up); the map has 12 x 12
        assertThat(full).as("full-resolution tiles fetched: those that came into view, not the map's 144").isBetween(1L, 40L);
        screenshot("large-map");
    }

    @Test
    void twoMapsSideBySideZoomTogether() throws Exception {
        open("#/compare/" + enc("0/ip-run") + "/" + enc("0/a-map"));
        waiting().until(d -> (Long) ((JavascriptExecutor) d).executeScript("return window.prismViews.length") == 2L);
        WebElement left = browser.findElement(By.cssSelector("canvas[data-map='0/ip-run']"));
        new Actions(browser).scrollFromOrigin(org.openqa.selenium.interactions.WheelInput.ScrollOrigin.fromElement(left), 0, -120).perform();
        waiting().until(d -> (Boolean) ((JavascriptExecutor) d).executeScript(
                "const [a, b] = window.prismViews; return a.scale > 10 && a.scale === b.scale && a.ox === b.ox && a.oy === b.oy"));
        screenshot("compare");
    }

    @Test
    void aStudyPageDrawsItsArmsAndEveryRun() throws Exception {
        open("#/study/" + enc("0/study"));
        waiting().until(d -> d.findElements(By.cssSelector("#arms tr")).size() == 7);
        assertThat(browser.findElements(By.cssSelector("svg.box-plot circle.run-point"))).as("every run of every arm drawn as a point").hasSize(30);
        assertThat(browser.findElements(By.cssSelector("svg.box-plot"))).as("one plot per protocol").hasSize(2);
        screenshot("study");
    }

    @Test
    void aRunThatIsTrainingShowsItsCurveGrowAndThenThatItStopped() throws Exception {
        Path live = served.runs.resolve("live");
        List<String> args = TestScenes.trainArgs(served.scene, live, 400, 32);
        Process training = new ProcessBuilder(CliProcess.command(List.of("-Xmx1g"), args.toArray(String[]::new)))
                .redirectErrorStream(true).redirectOutput(dir.resolve("live.log").toFile()).start();
        try {
            waiting().withTimeout(Duration.ofSeconds(180)).until(d -> Files.isRegularFile(live.resolve("metrics.jsonl")));
            open("#/run/" + enc("0/live"));
            WebElement status = waiting().until(d -> d.findElement(By.id("status")));
            waiting().until(d -> status.getText().startsWith("training: epoch"));
            int first = points();
            waiting().withTimeout(Duration.ofSeconds(120)).until(d -> points() >= first + 2);
            screenshot("live");
        } finally {
            training.destroy();
            assertThat(training.waitFor(60, TimeUnit.SECONDS)).as("the training process ends when told").isTrue();
        }
        waiting().until(d -> d.findElement(By.id("status")).getText().startsWith("stopped after"));
    }

    /** Until the page's one map view has drawn a tile it fetched. */
    private static void waitForATile() {
        waiting().until(d -> (Boolean) ((JavascriptExecutor) d).executeScript(
                "return window.prismViews.length === 1 && [...window.prismViews[0].cache.values()].some(i => i.complete && i.naturalWidth > 0)"));
    }

    private static int points() {
        // read in one script: the page redraws the curves on every poll, so an element found earlier may be gone
        Object n = ((JavascriptExecutor) browser).executeScript("const e = document.querySelector('svg.curve'); return e ? e.getAttribute('data-points') : '0'");
        return Integer.parseInt(String.valueOf(n));
    }

    private static String enc(String id) {
        return java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8);
    }
}
