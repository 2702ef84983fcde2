package vn.ketnoi.examples.vneid;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import vn.ketnoi.core.identity.PersonalIdNumber;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.SandboxClients;
import vn.ketnoi.testkit.SyntheticCitizen;
import vn.ketnoi.vneid.auth.VneidAuthClient;

/**
 * The example web app end to end in a real headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}, never downloaded): a level-2 sign-in shows the masked citizen and the
 * level, and a counter sign-in is approved through CIBA.
 */
class VneidExampleAppBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private static KetnoiSandbox sandbox;
    private static VneidAuthClient vneid;
    private static VneidExampleApp app;
    private static WebDriver driver;
    private static Path profile;

    @BeforeAll
    static void start() throws Exception {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        String ci = System.getenv("CI");
        if (!present) {
            if (ci != null && !ci.isEmpty()) {
                fail("CI is set but /usr/bin/chromium or /usr/bin/chromedriver is missing: "
                        + "apt-get install -y chromium chromium-driver (.ci/run does this)");
            }
            Assumptions.abort("Browser test skipped: /usr/bin/chromium or /usr/bin/chromedriver is missing "
                    + "(apt-get install -y chromium chromium-driver); it always runs when CI is set");
        }
        sandbox = KetnoiSandbox.builder().build().start();
        sandbox.vneid().setCibaInterval(Duration.ofSeconds(1));
        vneid = VneidAuthClient.create(SandboxClients.configFor(sandbox));
        app = VneidExampleApp.start(vneid, 0);

        // Selenium Manager must not download anything: both paths are given.
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        profile = Files.createTempDirectory("ketnoi-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() throws Exception {
        if (driver != null) {
            driver.quit();
        }
        if (app != null) {
            app.close();
        }
        if (vneid != null) {
            vneid.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static WebDriverWait waitUpTo(int seconds) {
        return new WebDriverWait(driver, Duration.ofSeconds(seconds));
    }

    @Test
    void levelTwoLoginShowsTheMaskedCitizenAndLevel() {
        SyntheticCitizen demo = sandbox.population().demoCitizen();
        driver.get(app.baseUri().toString());
        driver.findElement(By.id("login-level2")).click();
        // Now on the sandbox provider's login page.
        waitUpTo(20).until(ExpectedConditions.presenceOfElementLocated(By.id("sign-in")));
        driver.findElement(By.id("citizen-" + demo.idNumber())).click();
        new Select(driver.findElement(By.id("level"))).selectByValue("2");
        driver.findElement(By.id("sign-in")).click();
        // Back at the app, signed in.
        String citizen = waitUpTo(20).until(ExpectedConditions.presenceOfElementLocated(By.id("citizen"))).getText();
        assertTrue(citizen.contains(PersonalIdNumber.parse(demo.idNumber()).masked()), citizen);
        assertFalse(driver.getPageSource().contains(demo.idNumber()), "the full ID number is never shown");
        assertTrue(driver.findElement(By.id("level")).getText().contains("Level 2"));
        driver.findElement(By.id("logout")).click();
        waitUpTo(20).until(ExpectedConditions.presenceOfElementLocated(By.id("login-level2")));
    }

    @Test
    void counterSignInApprovedThroughCiba() {
        SyntheticCitizen demo = sandbox.population().demoCitizen();
        driver.get(app.baseUri().resolve("/counter").toString());
        driver.findElement(By.id("id-number")).sendKeys(demo.idNumber());
        driver.findElement(By.id("start")).click();
        String message = waitUpTo(20).until(ExpectedConditions.presenceOfElementLocated(By.id("binding-message")))
                .getText();
        assertTrue(message.startsWith("Quầy 1"), message);
        // The citizen approves on the app.
        assertTrue(sandbox.vneid().approveCiba(demo.idNumber()));
        String result = waitUpTo(30).until(ExpectedConditions.presenceOfElementLocated(By.id("ciba-result"))).getText();
        assertTrue(result.startsWith("Approved: " + PersonalIdNumber.parse(demo.idNumber()).masked()), result);
        assertTrue(result.contains("level 2"), result);
    }
}
