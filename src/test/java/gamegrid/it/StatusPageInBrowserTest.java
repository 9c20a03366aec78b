package gamegrid.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import gamegrid.support.SpawnedProcessReaper;
import gamegrid.support.TestDispatcher;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The status page in a real browser (Debian's headless Chromium through Selenium) while a real fleet runs: what it
 * shows must match the dispatcher's own {@code stats}. Skipped, saying why, where Chromium is not installed;
 * {@code .ci/run} installs it. Leaves a screenshot in {@code target/status-page.png} (docs/status-page.png is one).
 */
@ExtendWith(SpawnedProcessReaper.class)
class StatusPageInBrowserTest {
    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

    @TempDir
    Path dir;

    @Test
    void thePageShowsTheFleetThatStatsShows() throws Exception {
        assumeTrue(CHROMIUM.canExecute() && CHROMEDRIVER.canExecute(),
                "no headless browser: apt-get install chromium chromium-driver (as .ci/run does) to run this test");
        try (TestDispatcher dispatcher = TestDispatcher.start(dir, "fleet.min-servers", "1",
                "fleet.reservation-timeout", "10m")) {
            Map<Integer, TestDispatcher.Row> stats = dispatcher.awaitStats(rows -> rows.size() == 1
                    && rows.values().iterator().next().state().equals("READY"));
            int port = stats.keySet().iterator().next();
            assertTrue(dispatcher.ask("get").endsWith(":" + port)); // a reserved seat, for the page to show

            ChromeDriver browser = browser();
            try {
                browser.get("http://127.0.0.1:" + dispatcher.adminPort() + "/");
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
                wait.ignoring(StaleElementReferenceException.class); // the page redraws its tables every two seconds
                // The page and stats, read one after the other until they agree (the page polls every two seconds).
                TestDispatcher.Row[] shown = new TestDispatcher.Row[1];
                Map<String, String> server = wait.until(b -> {
                    Map<String, String> cells = cells(b, "#servers tr[data-port='" + port + "']");
                    shown[0] = statsRow(dispatcher, port);
                    return String.valueOf(shown[0].reserved()).equals(cells.get("reserved"))
                            && String.valueOf(shown[0].load()).equals(cells.get("players")) ? cells : null;
                });
                TestDispatcher.Row row = shown[0];
                assertEquals(1, row.reserved(), "the seat the get reserved");
                assertEquals(row.state(), server.get("state"));
                assertEquals(String.valueOf(row.load()), server.get("players"));
                assertEquals(String.valueOf(row.pid()), server.get("pid"));
                assertEquals(dispatcher.logDir().resolve("battleserver-" + port + ".log").toString(), server.get("log"));
                assertEquals(1, browser.findElements(By.cssSelector("#servers tbody tr")).size(), "one row per server");
                Map<String, String> kind = wait.until(b -> cells(b, "#kinds tr[data-kind='battle']"));
                assertEquals("1", kind.get("servers"));
                assertEquals("1", kind.get("ready"));
                assertEquals(String.valueOf(row.reserved()), kind.get("reserved"));
                assertTrue(browser.findElement(By.id("banner")).getText().startsWith("ready"));
                wait.until(b -> b.findElement(By.id("events")).getText().contains("LAUNCHED"));
                Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
                Files.copy(shot, Path.of("target", "status-page.png"), StandardCopyOption.REPLACE_EXISTING);

                // The announce box sends the typed secret; this world has no chat server to tell.
                browser.findElement(By.id("secret")).sendKeys(dispatcher.secret());
                browser.findElement(By.id("announcement")).sendKeys("hello");
                browser.findElement(By.cssSelector("#announce button")).click();
                wait.until(b -> b.findElement(By.id("action-result")).getText()
                        .equals("announce: 503 this world has no chat server (chat.enabled=false)"));
            } finally {
                browser.quit();
            }
        }
    }

    private static TestDispatcher.Row statsRow(TestDispatcher dispatcher, int port) {
        try {
            return dispatcher.stats().get(port);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The cells of the first row that {@code selector} finds, by their first class name; empty when there is none. */
    private static Map<String, String> cells(WebDriver browser, String selector) {
        Map<String, String> cells = new HashMap<>();
        for (WebElement row : browser.findElements(By.cssSelector(selector))) {
            for (WebElement cell : row.findElements(By.cssSelector("td[class]"))) {
                String[] classes = cell.getAttribute("class").split(" ");
                cells.put(classes.length > 1 && classes[0].equals("num") ? classes[1] : classes[0], cell.getText());
            }
            break;
        }
        return cells;
    }

    private ChromeDriver browser() throws java.io.IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1280,900", "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium-profile")));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER)
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }
}
