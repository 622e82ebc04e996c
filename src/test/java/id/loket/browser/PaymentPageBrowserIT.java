package id.loket.browser;

import static org.assertj.core.api.Assertions.assertThat;

import id.loket.flow.HubClient;
import id.loket.flow.HubTestSupport;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The hosted page in a real browser (Debian's chromium through chromedriver), on a phone-sized
 * screen: from the payment URL to the paid state and back to the Mitra. Screenshots are kept
 * under {@code target/screenshots}. Without chromium and chromedriver installed the test is
 * skipped and says so, unless {@code -Dloket.browser=required} (as CI runs it), then it fails.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class PaymentPageBrowserIT {

    static final int PORT = HubTestSupport.freePort();
    static final Path SHOTS = Chromium.SHOTS;
    static final AtomicInteger SEQ = new AtomicInteger();
    static WebDriver driver;

    final HubClient hub = new HubClient(PORT);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        HubTestSupport.register(registry, "browser", PORT);
    }

    @BeforeAll
    static void browser() throws Exception {
        Chromium.requireInstalled();
        driver = Chromium.phone(360, 740, 2.0);
    }

    @AfterAll
    static void close() {
        if (driver != null) {
            driver.quit();
        }
    }

    String initiate(String orderId, String billNumber) {
        HubClient.Answer a = hub.initiateBill("""
                {"order":{"id":"%s","description":"Tagihan PLN November"},
                 "customer":{"email":"rina@example.com","firstName":"Rina"},
                 "url":{"callbackUrl":"%s/sandbox/mitra/callback",
                        "successUrl":"%s/sandbox/mitra/return?status=success&orderId=%s",
                        "failUrl":"%s/sandbox/mitra/return?status=fail&orderId=%s"},
                 "billing":{"billerServiceProvider":{"id":"050017","customerId":"%s"}}}
                """.formatted(orderId, hub.base(), hub.base(), orderId, hub.base(), orderId, billNumber));
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        return a.json().get("redirecturl").asText();
    }

    void shot(String name) throws Exception {
        File f = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(f.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    WebDriverWait waitUpTo(int seconds) {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(seconds));
        // The page reloads itself when the payment's state changes: an element found just before a
        // reload is stale by the time it is read, so the wait looks again.
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    String state() {
        return driver.findElement(By.id("page")).getAttribute("data-state");
    }

    void fitsThePhone() {
        Number scroll = (Number) ((JavascriptExecutor) driver).executeScript("return document.documentElement.scrollWidth");
        assertThat(scroll.intValue()).as("page width on a 360 px screen").isLessThanOrEqualTo(360);
    }

    @Test
    void aCustomerPaysABillWithAVirtualAccountOnAPhone() throws Exception {
        String orderId = "BR-VA-" + System.currentTimeMillis() % 100000 + "-" + SEQ.incrementAndGet();
        String url = initiate(orderId, "118120000441100");

        driver.get(url);
        assertThat(state()).isEqualTo("CHOOSE");
        assertThat(driver.findElement(By.id("total-amount")).getText()).isEqualTo("Rp 22.500");
        assertThat(driver.findElement(By.id("countdown")).getText()).matches("\\d{2}:\\d{2}:\\d{2}");
        fitsThePhone();
        shot("01-choose-sof");

        // The English switch, and back.
        driver.findElement(By.id("lang-switch")).click();
        waitUpTo(5).until(d -> d.getCurrentUrl().contains("lang=en"));
        assertThat(driver.findElement(By.id("headline")).getText()).isNotBlank();
        String english = driver.findElement(By.tagName("body")).getText();
        driver.findElement(By.id("lang-switch")).click();
        waitUpTo(5).until(d -> d.getCurrentUrl().contains("lang=id"));
        assertThat(driver.findElement(By.tagName("body")).getText()).isNotEqualTo(english);

        WebElement va = driver.findElement(By.id("sof-vabca"));
        va.click();
        waitUpTo(10).until(ExpectedConditions.presenceOfElementLocated(By.id("payment-code")));
        assertThat(state()).isEqualTo("PAY_INSTRUCTIONS");
        String code = driver.findElement(By.id("payment-code")).getText().replaceAll("\\s", "");
        assertThat(code).matches("\\d{16}");
        driver.findElement(By.id("copy-code")).click();
        waitUpTo(5).until(d -> !d.findElement(By.id("copy-feedback")).getText().isBlank());
        fitsThePhone();
        shot("02-virtual-account");

        // The customer pays at the bank; the page notices by itself and shows the result.
        assertThat(hub.pay(code, "SUCCESS").status()).isEqualTo(200);
        waitUpTo(20).until(d -> "PAID".equals(d.findElement(By.id("page")).getAttribute("data-state")));
        assertThat(driver.findElement(By.id("headline")).getText()).containsIgnoringCase("berhasil");
        shot("03-paid");

        // ... and sends the customer back to the Mitra's successUrl.
        waitUpTo(15).until(ExpectedConditions.presenceOfElementLocated(By.id("mitra-return")));
        assertThat(driver.getCurrentUrl()).contains("/sandbox/mitra/return?status=success");
        shot("04-back-at-mitra");
        assertThat(hub.statusOf(orderId)).isEqualTo("PAID");
    }

    @Test
    void aCustomerSeesTheQrisCodeAsAnImage() throws Exception {
        String orderId = "BR-QR-" + System.currentTimeMillis() % 100000 + "-" + SEQ.incrementAndGet();
        driver.get(initiate(orderId, "118120000442200"));
        driver.findElement(By.id("sof-qris")).click();
        WebElement img = waitUpTo(10).until(ExpectedConditions.visibilityOfElementLocated(By.id("qris-image")));
        Number width = (Number) ((JavascriptExecutor) driver).executeScript("return arguments[0].naturalWidth", img);
        assertThat(width.intValue()).isGreaterThan(100);
        fitsThePhone();
        shot("05-qris");
    }

    @Test
    void aCustomerPaysByCardOnTheProviderPageAndComesBack() throws Exception {
        String orderId = "BR-CC-" + System.currentTimeMillis() % 100000 + "-" + SEQ.incrementAndGet();
        driver.get(initiate(orderId, "118120000443300"));
        driver.findElement(By.id("sof-cc")).click();
        waitUpTo(10).until(ExpectedConditions.elementToBeClickable(By.id("continue-to-provider"))).click();
        waitUpTo(10).until(ExpectedConditions.presenceOfElementLocated(By.id("card-number")));
        driver.findElement(By.id("card-number")).sendKeys("4111111111111111");
        driver.findElement(By.id("card-expiry")).sendKeys("12/30");
        driver.findElement(By.id("card-cvv")).sendKeys("123");
        List<WebElement> names = driver.findElements(By.id("card-name"));
        if (!names.isEmpty()) {
            names.get(0).sendKeys("RINA");
        }
        shot("06-card-provider");
        driver.findElement(By.id("card-submit")).click();
        waitUpTo(20).until(d -> "PAID".equals(d.findElement(By.id("page")).getAttribute("data-state")));
        shot("07-card-paid");
        assertThat(hub.statusOf(orderId)).isEqualTo("PAID");
    }
    @Test
    void aCustomerChangesFromAVirtualAccountToQrisAndPaysOnce() throws Exception {
        String orderId = "BR-SW-" + System.currentTimeMillis() % 100000 + "-" + SEQ.incrementAndGet();
        String url = initiate(orderId, "118120000444400");
        driver.get(url);
        driver.findElement(By.id("sof-vabca")).click();
        waitUpTo(10).until(ExpectedConditions.presenceOfElementLocated(By.id("payment-code")));
        String va = driver.findElement(By.id("payment-code")).getText().replaceAll("\\s", "");
        assertThat(va).matches("\\d{16}");
        assertThat(driver.findElement(By.id("pay-amount")).getText()).isEqualTo("Rp 52.500");

        // "Choose another method": the VA is closed at the bank, and the page offers the methods again.
        WebElement change = driver.findElement(By.id("change-method"));
        assertThat(change.getText()).isEqualTo("Pilih metode pembayaran lain");
        fitsThePhone();
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'})", change);
        shot("08-va-change-method");
        change.click();
        waitUpTo(10).until(d -> "CHOOSE".equals(d.findElement(By.id("page")).getAttribute("data-state")));
        assertThat(driver.findElements(By.id("sof-vabca"))).isEmpty();
        assertThat(hub.statusOf(orderId)).isEqualTo("REQUEST_INITIATED");

        driver.findElement(By.id("sof-qris")).click();
        waitUpTo(10).until(ExpectedConditions.visibilityOfElementLocated(By.id("qris-image")));
        String qr = driver.findElement(By.id("payment-code")).getText().trim();
        assertThat(qr).isNotEqualTo(va);
        shot("09-changed-to-qris");

        assertThat(hub.pay(va, "SUCCESS").status()).as("the closed VA takes no money").isEqualTo(409);
        assertThat(hub.pay(qr, "SUCCESS").status()).isEqualTo(200);
        waitUpTo(20).until(d -> "PAID".equals(d.findElement(By.id("page")).getAttribute("data-state")));
        shot("10-changed-paid");
        assertThat(hub.statusOf(orderId)).isEqualTo("PAID");

        String reference = driver.findElement(By.id("order-reference")).getText();
        Map<String, String> atProvider = new java.util.HashMap<>();
        long charged = 0;
        for (var p : hub.sofPayments(reference)) {
            atProvider.put(p.get("paymentCode").asText(), p.get("status").asText());
            charged += "PAID".equals(p.get("status").asText()) ? p.get("amount").asLong() : 0;
        }
        assertThat(atProvider).containsExactlyInAnyOrderEntriesOf(Map.of(va, "CLOSED", qr, "PAID"));
        assertThat(charged).as("one charge of the bill's total").isEqualTo(52500);
        assertThat(hub.notifications(orderId)).hasSize(1);
    }
}
