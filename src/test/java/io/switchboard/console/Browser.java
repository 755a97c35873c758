package io.switchboard.console;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real browser for the console's tests: Debian's Chromium, headless, driven through Debian's chromedriver (both
 * installed with apt-get, see .ci/run; nothing is downloaded at run time). One per test class: starting one costs
 * a second or two.
 */
final class Browser implements AutoCloseable {

    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    private static final String[] CHROMIUM = {"/usr/lib/chromium/chromium", "/usr/bin/chromium"};
    private static final String DRIVER = "/usr/bin/chromedriver";

    private final ChromeDriver driver;
    private final String base;
    private final Path profile;

    Browser(String base) {
        this.base = base;
        String binary = null;
        for (String candidate : CHROMIUM) {
            if (new File(candidate).canExecute()) {
                binary = candidate;
                break;
            }
        }
        if (binary == null || !new File(DRIVER).canExecute()) {
            throw new IllegalStateException("The browser tests need Debian's chromium and chromium-driver: "
                    + "apt-get install -y chromium chromium-driver (as .ci/run does)");
        }
        try {
            profile = Files.createTempDirectory("console-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(binary);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,1000", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER))
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    WebDriver driver() {
        return driver;
    }

    void open(String path) {
        driver.get(base + path);
    }

    /** Logs in through the login page the console sends a browser to. */
    void logIn(String username, String password) {
        open("/console/audit");
        if (driver.getCurrentUrl().contains("/login")) {
            if (driver.findElements(By.id("username")).isEmpty()) {
                throw new IllegalStateException("No login form at " + driver.getCurrentUrl() + ": " + driver.getPageSource());
            }
            driver.findElement(By.id("username")).sendKeys(username);
            driver.findElement(By.id("password")).sendKeys(password);
            driver.findElement(By.cssSelector("button[type=submit]")).click();
            // Spring Security marks the saved request it returns to: /console?continue
            try {
                waitUntil(d -> d.getCurrentUrl().contains("/console") && !d.getCurrentUrl().contains("/login"));
            } catch (org.openqa.selenium.TimeoutException e) {
                screenshot("login-failed");
                throw new IllegalStateException("Still not logged in at " + driver.getCurrentUrl() + ": "
                        + driver.findElement(By.tagName("body")).getText(), e);
            }
        }
    }

    void waitUntil(java.util.function.Function<WebDriver, Boolean> condition) {
        new WebDriverWait(driver, Duration.ofSeconds(60)).until(condition::apply);
    }

    /** True once htmx has no request in flight (it marks the element that sent one with htmx-request). */
    boolean htmxSettled() {
        return Boolean.TRUE.equals(driver.executeScript(
                "return typeof htmx !== 'undefined' && document.querySelectorAll('.htmx-request, .htmx-settling, .htmx-swapping').length === 0;"));
    }

    /** Whether the element's text holds the string, asked in the page (hostile text can upset the driver's JSON). */
    boolean textContains(String elementId, String expected) {
        return Boolean.TRUE.equals(driver.executeScript(
                "var e = document.getElementById(arguments[0]); return !!e && e.textContent.indexOf(arguments[1]) >= 0;",
                elementId, expected));
    }

    /** Saves the page as it looks now to target/console-screenshots/NAME.png (build output, not committed). */
    Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path target = SCREENSHOTS.resolve(name + ".png");
            Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Object script(String js, Object... args) {
        return driver.executeScript(js, args);
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder; the OS cleans it
        }
    }
}
