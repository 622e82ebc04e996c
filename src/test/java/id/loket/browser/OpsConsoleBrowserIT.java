package id.loket.browser;

import static org.assertj.core.api.Assertions.assertThat;

import id.loket.flow.HubClient;
import id.loket.flow.HubTestSupport;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The operators' console in a real browser (Debian's chromium through chromedriver): the operator
 * on call, on a phone, finds an order the biller never answered, reads its story and proposes it
 * PAID; the lead, in a second browser on a laptop, approves it; the order is PAID and the audit
 * trail shows both. Markup in an order's description and in the biller's customer name stays text.
 * Screenshots are kept under {@code target/screenshots}. Without chromium and chromedriver the
 * test is skipped and says so, unless {@code -Dloket.browser=required}, then it fails.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class OpsConsoleBrowserIT {

    static final int PORT = HubTestSupport.freePort();
    static final Path SHOTS = Chromium.SHOTS;
    static final int PHONE_WIDTH = 390;
    static final String MARKUP = "<script>alert('desc')</script>";
    static final String NAME_MARKUP = "<script>alert('name')</script>";
    static final List<WebDriver> drivers = new ArrayList<>();

    final HubClient hub = new HubClient(PORT);

    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        HubTestSupport.register(registry, "opsbrowser", PORT);
    }

    @BeforeAll
    static void browserInstalled() throws Exception {
        Chromium.requireInstalled();
    }

    /** A browser of its own (its own profile directory): a phone's screen, or a laptop's. */
    static WebDriver browser(boolean phone) throws Exception {
        WebDriver d = phone ? Chromium.phone(PHONE_WIDTH, 844, 1.0) : Chromium.laptop(1280, 900);
        drivers.add(d);
        return d;
    }

    @AfterAll
    static void close() {
        drivers.forEach(WebDriver::quit);
    }

    static Path shot(WebDriver d, String name) throws Exception {
        File f = ((TakesScreenshot) d).getScreenshotAs(OutputType.FILE);
        Path to = SHOTS.resolve(name + ".png");
        Files.copy(f.toPath(), to, StandardCopyOption.REPLACE_EXISTING);
        return to;
    }

    static WebDriverWait waitUpTo(WebDriver d, int seconds) {
        WebDriverWait wait = new WebDriverWait(d, Duration.ofSeconds(seconds));
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    void login(WebDriver d, String name, String password) {
        d.get(hub.base() + "/ops/");
        waitUpTo(d, 10).until(x -> x.getCurrentUrl().contains("/ops/login"));
        d.findElement(By.name("username")).sendKeys(name);
        WebElement pw = d.findElement(By.name("password"));
        pw.sendKeys(password);
        pw.submit();
        waitUpTo(d, 10).until(x -> !x.findElements(By.id("operator-name")).isEmpty());
        assertThat(d.findElement(By.id("operator-name")).getText()).isEqualTo(name);
    }

    static Object js(WebDriver d, String script, Object... args) {
        return ((JavascriptExecutor) d).executeScript(script, args);
    }

    /** The markup stayed text: no alert opened and the page has no script element at all. */
    static void nothingRan(WebDriver d) {
        try {
            d.switchTo().alert();
            throw new AssertionError("an alert opened: " + d.switchTo().alert().getText());
        } catch (NoAlertPresentException expected) {
            // as it should be
        }
        assertThat(((Number) js(d, "return document.getElementsByTagName('script').length")).intValue())
                .as("script elements").isZero();
    }

    /** One column on the phone: nothing wider than its screen. */
    static void fitsThePhone(WebDriver d) {
        Number scroll = (Number) js(d, "return document.documentElement.scrollWidth");
        assertThat(scroll.intValue()).as("page width on a phone: " + d.getCurrentUrl()).isLessThanOrEqualTo(PHONE_WIDTH);
    }

    String neverAnswered(String orderId, String billNumber) {
        HubClient.Answer a = hub.initiateBill("""
                {"order":{"id":"%s","description":%s},"customer":{"email":"rina@example.com","firstName":"Rina"},
                 "url":{"callbackUrl":"%s/sandbox/mitra/callback"},
                 "billing":{"billerServiceProvider":{"id":"050017","customerId":"%s"}},
                 "sourceOfFunds":{"type":"vabca"}}
                """.formatted(orderId, HubClient.JSON.valueToTree("PLN " + MARKUP).toString(), hub.base(), billNumber));
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        // The biller's customer name comes from its inquiry; the sandbox's names hold no markup, so the
        // order's row gets one as a biller that sends markup would leave it.
        jdbc.update("UPDATE payment_order SET customer_name = ? WHERE order_id = ?", NAME_MARKUP, orderId);
        assertThat(hub.pay(a.json().get("paymentCode").asText(), "SUCCESS").status()).isEqualTo(200);
        return orderId;
    }

    @Test
    void anOperatorOnAPhoneProposesPaidAndTheLeadApprovesItOnALaptop() throws Exception {
        String orderId = "OPS-BR-" + System.currentTimeMillis() % 100000;
        String billNumber = "88" + System.currentTimeMillis() % 1_000_000 + "0100";
        neverAnswered(orderId, billNumber);

        WebDriver ops = browser(true);
        login(ops, "ops", "ops-secret");
        assertThat(ops.findElement(By.id("operator-roles")).getText()).isEqualTo("viewer, operator");

        // The review queue, once the biller's repeats went unanswered.
        waitUpTo(ops, 40).until(d -> {
            d.get(hub.base() + "/ops/review");
            return !d.findElements(By.cssSelector("li.review-item[data-order-id='" + orderId + "']")).isEmpty();
        });
        WebElement item = ops.findElement(By.cssSelector("li.review-item[data-order-id='" + orderId + "']"));
        assertThat(item.findElement(By.className("waited")).getText()).matches("\\d+ (s|min)|\\d+ h \\d+ min");
        fitsThePhone(ops);
        Path queue = shot(ops, "ops-01-review-queue-phone");
        assertThat(Files.size(queue)).isPositive();
        BufferedImage png = ImageIO.read(queue.toFile());
        assertThat(png).as("a PNG").isNotNull();
        assertThat(png.getWidth()).isEqualTo(PHONE_WIDTH);
        assertThat(png.getHeight()).isPositive();

        // Found by its id in the search, and opened.
        ops.findElement(By.id("nav-search")).click();
        ops.findElement(By.id("f-order")).sendKeys(orderId);
        ops.findElement(By.id("f-submit")).click();
        waitUpTo(ops, 10).until(d -> !d.findElements(By.linkText(orderId)).isEmpty());
        ops.findElement(By.linkText(orderId)).click();
        waitUpTo(ops, 10).until(d -> !d.findElements(By.id("order")).isEmpty());
        assertThat(ops.findElement(By.id("order")).getAttribute("data-status")).isEqualTo("PROCESSING");
        assertThat(ops.findElement(By.id("order-review")).getText()).isEqualTo("needs review");

        // Its story: the timeline, the biller's unanswered messages.
        List<WebElement> events = ops.findElements(By.cssSelector("#timeline .event"));
        assertThat(events).isNotEmpty();
        assertThat(events.stream().map(WebElement::getText).toList()).allSatisfy(t -> assertThat(t).isNotBlank());
        assertThat(ops.findElements(By.cssSelector("#biller tbody tr"))).hasSizeGreaterThanOrEqualTo(1);

        // The markup is shown as the text it is, and nothing ran.
        assertThat(ops.findElement(By.id("order-description")).getText()).isEqualTo("PLN " + MARKUP);
        assertThat(ops.findElement(By.id("order-bill-customer")).getText()).isEqualTo(NAME_MARKUP);
        nothingRan(ops);
        fitsThePhone(ops);
        shot(ops, "ops-02-order-phone");

        // Proposes PAID with the biller's reference.
        js(ops, "arguments[0].scrollIntoView({block: 'start'})", ops.findElement(By.id("order-actions")));
        ops.findElement(By.id("resolve-paid")).click();
        ops.findElement(By.id("resolve-reference")).sendKeys("FN-77810");
        ops.findElement(By.id("resolve-reason")).sendKeys("The biller's report lists the payment");
        shot(ops, "ops-02-resolve-form-phone");
        ops.findElement(By.id("resolve")).click();
        waitUpTo(ops, 10).until(d -> !d.findElements(By.id("notice")).isEmpty());
        assertThat(ops.findElement(By.id("notice")).getText()).contains("waits for another person");
        assertThat(ops.findElement(By.id("order")).getAttribute("data-status")).isEqualTo("PROCESSING");
        shot(ops, "ops-03-proposed-phone");

        // The lead, in a browser of their own, approves it.
        WebDriver lead = browser(false);
        login(lead, "lead", "lead-secret");
        lead.findElement(By.id("nav-approvals")).click();
        WebElement proposal = waitUpTo(lead, 10).until(d -> d.findElements(
                By.cssSelector("#approvals li[data-order-id='" + orderId + "']")).stream().findFirst().orElse(null));
        assertThat(proposal.findElement(By.className("proposed-by")).getText()).isEqualTo("ops");
        assertThat(proposal.findElement(By.className("reason")).getText()).isEqualTo("The biller's report lists the payment");
        WebElement approveForm = proposal.findElement(By.className("approve-form"));
        approveForm.findElement(By.name("comment")).sendKeys("Checked with the biller");
        shot(lead, "ops-04-approvals-laptop");
        approveForm.findElement(By.tagName("button")).click();
        waitUpTo(lead, 15).until(d -> !d.findElements(By.id("notice")).isEmpty());
        assertThat(lead.findElement(By.id("notice")).getText()).contains("done");
        assertThat(lead.findElements(By.cssSelector("#approvals li[data-order-id='" + orderId + "']"))).isEmpty();

        // The operator sees the order PAID, with the decision in its actions.
        waitUpTo(ops, 30).until(d -> {
            d.navigate().refresh();
            return "PAID".equals(d.findElement(By.id("order")).getAttribute("data-status"));
        });
        assertThat(ops.findElements(By.id("order-review"))).isEmpty();
        WebElement action = ops.findElement(By.cssSelector("#actions .action"));
        assertThat(action.getAttribute("data-state")).isEqualTo("DONE");
        assertThat(action.findElement(By.className("approved-by")).getText()).isEqualTo("lead");
        fitsThePhone(ops);
        shot(ops, "ops-05-paid-phone");

        // The audit trail: the proposal by ops and the approval by lead.
        lead.findElement(By.id("nav-audit")).click();
        waitUpTo(lead, 10).until(d -> !d.findElements(By.id("audit")).isEmpty());
        List<String> rows = lead.findElements(By.cssSelector("#audit tr.audit-row")).stream()
                .filter(r -> r.getText().contains(orderId))
                .map(r -> r.getAttribute("data-action") + " " + r.findElement(By.className("actor")).getText()
                        + " " + r.getAttribute("data-outcome"))
                .toList();
        assertThat(rows).contains("PROPOSE ops OK", "APPROVE lead OK");
        assertThat(lead.findElements(By.cssSelector("#audit tr.audit-row[data-action='LOGIN']"))).isNotEmpty();
        shot(lead, "ops-06-audit-laptop");

        // Health and the flow: the partners' figures, and the diagram drawn (an image the page's CSP lets in).
        lead.findElement(By.id("nav-health")).click();
        waitUpTo(lead, 10).until(d -> !d.findElements(By.cssSelector("#billers tbody tr")).isEmpty());
        assertThat(lead.findElements(By.cssSelector("#billers .circuit"))).isNotEmpty()
                .allSatisfy(c -> assertThat(c.getText()).isIn("CLOSED", "OPEN", "HALF_OPEN"));
        assertThat(lead.findElement(By.id("notif-pending")).getText()).matches("\\d+");
        shot(lead, "ops-07-health-laptop");
        lead.findElement(By.id("nav-flow")).click();
        WebElement diagram = waitUpTo(lead, 10).until(d -> d.findElements(By.id("flow-diagram")).stream().findFirst().orElse(null));
        waitUpTo(lead, 10).until(d -> ((Number) js(d, "return arguments[0].complete ? arguments[0].naturalWidth : 0", diagram)).intValue() > 0);
        shot(lead, "ops-08-flow-laptop");

        // And the Mitra was told, with the biller's reference.
        assertThat(hub.awaitNotification(orderId, n -> "PAID".equals(n.path("status").asText())).toString())
                .contains("FN-77810");

        // Logging out asks for a login again.
        ops.findElement(By.id("logout")).click();
        waitUpTo(ops, 10).until(d -> d.getCurrentUrl().contains("/ops/login"));
        ops.get(hub.base() + "/ops/review");
        assertThat(ops.getCurrentUrl()).contains("/ops/login");
    }
}
