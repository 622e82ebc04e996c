package id.loket.browser;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's chromium driven through Debian's chromedriver, never a browser a tool downloads: each
 * browser headless, with a fresh profile directory of its own.
 */
final class Chromium {

    static final String CHROMEDRIVER = System.getProperty("loket.chromedriver", "/usr/bin/chromedriver");
    static final String CHROMIUM = System.getProperty("loket.chromium", "/usr/bin/chromium");
    static final Path SHOTS = Path.of("target", "screenshots");

    private Chromium() {
    }

    /**
     * Both installed, or the test is not run and says so; with {@code -Dloket.browser=required} (as CI
     * runs) a missing browser fails instead.
     */
    static void requireInstalled() throws IOException {
        boolean installed = new File(CHROMEDRIVER).canExecute() && new File(CHROMIUM).canExecute();
        if (!installed && "required".equals(System.getProperty("loket.browser"))) {
            throw new IllegalStateException("The browser test needs Debian's chromium and chromium-driver: "
                    + "apt-get install chromium chromium-driver");
        }
        assumeTrue(installed, "chromium and chromium-driver are not installed: browser test not run "
                + "(apt-get install chromium chromium-driver)");
        Files.createDirectories(SHOTS);
    }

    /** A phone's screen ({@code width} x {@code height} CSS pixels at {@code pixelRatio}). */
    static WebDriver phone(int width, int height, double pixelRatio) throws IOException {
        ChromeOptions options = options(width, height);
        options.setExperimentalOption("mobileEmulation", Map.of("deviceMetrics",
                Map.of("width", width, "height", height, "pixelRatio", pixelRatio)));
        return start(options);
    }

    /** A laptop's window. */
    static WebDriver laptop(int width, int height) throws IOException {
        return start(options(width, height));
    }

    private static ChromeOptions options(int width, int height) throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=" + width + "," + height,
                "--user-data-dir=" + Files.createTempDirectory("loket-chromium"));
        return options;
    }

    private static WebDriver start(ChromeOptions options) {
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }
}
