package id.loket.sandbox;

import static id.loket.sandbox.SandboxSupport.html;

import id.loket.sandbox.SofPayments.Payment;
import id.loket.sof.SofFamily;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The providers' own pages in the sandbox: the card acquirer's card form and the approval screens
 * of the e-wallets, pay-later lenders and online banks. All take the payment as {@code /sandbox/sof/pay} does and send the customer
 * back to the hub's page (the payment's {@code returnUrl}). A full card number is never stored.
 */
@Controller
@ConditionalOnProperty(name = "hub.sandbox.enabled", havingValue = "true")
class SofPages {

    /** The test card the sandbox acquirer declines; every other Luhn-valid number is approved. */
    static final String DECLINED_CARD = "4000000000000002";

    private static final Map<String, String> PROVIDER_NAMES = Map.ofEntries(Map.entry("ovo", "OVO"),
            Map.entry("dana", "DANA"), Map.entry("shopeepay", "ShopeePay"), Map.entry("linkaja", "LinkAja"),
            Map.entry("linkajawco", "LinkAja WCO"), Map.entry("finpaymoney", "Finpay Money"),
            Map.entry("jeniuspay", "Jenius Pay"), Map.entry("virgo", "Virgo"), Map.entry("kredivo", "Kredivo"),
            Map.entry("indodana", "Indodana PayLater"), Map.entry("octoclicks", "OCTO Clicks"),
            Map.entry("permatanet", "PermataNet"));

    private final SofPayments payments;
    private final SofSimulator simulator;

    SofPages(SofPayments payments, SofSimulator simulator) {
        this.payments = payments;
        this.simulator = simulator;
    }

    @GetMapping(path = "/sandbox/sof/card/page/{paymentCode}")
    ResponseEntity<String> cardPage(@PathVariable String paymentCode) {
        Optional<Payment> p = payments.byCode(paymentCode).filter(x -> x.family().equals("card"));
        if (p.isEmpty()) {
            return notFound();
        }
        if (!SofPayments.CREATED.equals(p.get().status())) {
            return settled(p.get());
        }
        return htmlPage(HttpStatus.OK, cardForm(p.get(), null, "", ""));
    }

    @PostMapping(path = "/sandbox/sof/card/page/{paymentCode}")
    ResponseEntity<String> cardSubmit(@PathVariable String paymentCode,
                                      @RequestParam(required = false) String cardNumber,
                                      @RequestParam(required = false) String cardExpiry,
                                      @RequestParam(required = false) String cardCvv,
                                      @RequestParam(required = false) String cardName) {
        Optional<Payment> p = payments.byCode(paymentCode).filter(x -> x.family().equals("card"));
        if (p.isEmpty()) {
            return notFound();
        }
        if (!SofPayments.CREATED.equals(p.get().status())) {
            return back(p.get());
        }
        String digits = cardNumber == null ? "" : cardNumber.replaceAll("[\\s-]", "");
        String expiry = cardExpiry == null ? "" : cardExpiry.trim();
        String name = cardName == null ? "" : cardName.trim();
        String error = null;
        if (!luhnValid(digits)) {
            error = "Nomor kartu tidak valid.";
        } else if (!expiry.matches("(0[1-9]|1[0-2])/[0-9]{2}")) {
            error = "Masa berlaku harus berbentuk MM/YY.";
        } else if (cardCvv == null || !cardCvv.trim().matches("[0-9]{3,4}")) {
            error = "CVV harus 3 atau 4 angka.";
        }
        if (error != null) {
            return htmlPage(HttpStatus.OK, cardForm(p.get(), error, expiry, name));
        }
        boolean approved = !DECLINED_CARD.equals(digits);
        simulator.take(paymentCode, approved, digits.substring(digits.length() - 4));
        return back(payments.byCode(paymentCode).orElseThrow());
    }

    /**
     * The approval screen of a provider the customer is redirected to: the e-wallet's, the pay-later
     * lender's (instalment plan) and the online bank's (log in, then approve).
     */
    @GetMapping(path = "/sandbox/sof/{family}/approve/{paymentCode}")
    ResponseEntity<String> approvalPage(@PathVariable String family, @PathVariable String paymentCode) {
        Optional<Payment> found = approvable(family, paymentCode);
        if (found.isEmpty()) {
            return notFound();
        }
        Payment p = found.get();
        if (!SofPayments.CREATED.equals(p.status())) {
            return settled(p);
        }
        String provider = PROVIDER_NAMES.getOrDefault(p.type(), p.type());
        String what = switch (family) {
            case "paylater" -> """
                    <p>Setujui cicilan untuk pembayaran ini.</p>
                    <label for="paylater-tenor">Tenor</label>
                    <select id="paylater-tenor" name="tenor"><option value="0">30 hari</option>
                    <option value="3">3 bulan</option><option value="6">6 bulan</option></select>
                    """;
            case "onlinebanking" -> """
                    <p>Masuk ke internet banking Anda, lalu setujui pembayaran ini.</p>
                    <label for="onlinebanking-user">User ID</label>
                    <input id="onlinebanking-user" name="userId" autocomplete="username" maxlength="32" value="sandbox">
                    <label for="onlinebanking-password">PIN</label>
                    <input id="onlinebanking-password" name="pin" type="password" autocomplete="current-password" maxlength="8">
                    """;
            default -> "<p>Setujui pembayaran ini di dompet digital Anda.</p>\n";
        };
        return htmlPage(HttpStatus.OK, SandboxSupport.page(provider + " (Sandbox)", """
                <div class="card">
                <h1>%s</h1>
                <p class="amount" id="%s-amount">%s</p>
                <p class="hint">Ref. %s</p>
                <form method="post">
                %s<button id="%s-approve" type="submit" name="action" value="approve">Setujui</button>
                <button id="%s-decline" class="secondary" type="submit" name="action" value="decline">Tolak</button>
                </form>
                </div>
                """.formatted(html(provider), family, html(SandboxSupport.rupiah(p.amount())), html(p.paymentCode()),
                what, family, family)));
    }

    @PostMapping(path = "/sandbox/sof/{family}/approve/{paymentCode}")
    ResponseEntity<String> approvalAnswer(@PathVariable String family, @PathVariable String paymentCode,
                                          @RequestParam(required = false) String action) {
        Optional<Payment> found = approvable(family, paymentCode);
        if (found.isEmpty()) {
            return notFound();
        }
        if (SofPayments.CREATED.equals(found.get().status())) {
            simulator.take(paymentCode, !"decline".equals(action), null);
        }
        return back(payments.byCode(paymentCode).orElseThrow());
    }

    /** A payment of a family whose customer approves on the provider's page; the family comes from the path. */
    private Optional<Payment> approvable(String family, String paymentCode) {
        boolean approves = SofFamily.ofKey(family).map(SofPayments.APPROVAL_PREFIX::containsKey).orElse(false);
        return approves ? payments.byCode(paymentCode).filter(x -> x.family().equals(family)) : Optional.empty();
    }

    private String cardForm(Payment p, String error, String expiry, String name) {
        String errorHtml = error == null ? "" : "<p class=\"error\" id=\"card-error\" role=\"alert\">" + html(error) + "</p>\n";
        // The card number and CVV are never written back into the page.
        return SandboxSupport.page("Kartu Kredit (Sandbox)", """
                <div class="card">
                <h1>Pembayaran Kartu</h1>
                <p class="amount" id="card-amount">%s</p>
                <p class="hint">Ref. %s</p>
                %s<form method="post" autocomplete="off">
                <label for="card-number">Nomor kartu</label>
                <input id="card-number" name="cardNumber" inputmode="numeric" autocomplete="cc-number" maxlength="23" required>
                <label for="card-expiry">Masa berlaku (MM/YY)</label>
                <input id="card-expiry" name="cardExpiry" placeholder="MM/YY" autocomplete="cc-exp" maxlength="5" value="%s" required>
                <label for="card-cvv">CVV</label>
                <input id="card-cvv" name="cardCvv" inputmode="numeric" autocomplete="cc-csc" maxlength="4" required>
                <label for="card-name">Nama di kartu</label>
                <input id="card-name" name="cardName" autocomplete="cc-name" maxlength="50" value="%s">
                <button id="card-submit" type="submit">Bayar</button>
                </form>
                <p class="hint">Kartu uji: 4111 1111 1111 1111 disetujui, 4000 0000 0000 0002 ditolak.</p>
                </div>
                """.formatted(html(SandboxSupport.rupiah(p.amount())), html(p.paymentCode()), errorHtml, html(expiry),
                html(name)));
    }

    /** Sends the customer back to the hub's page, or says where the payment stands if there is none. */
    private ResponseEntity<String> back(Payment p) {
        String url = p.returnUrl();
        if (url != null) {
            return ResponseEntity.status(HttpStatus.SEE_OTHER).location(URI.create(url)).build();
        }
        return settled(p);
    }

    private ResponseEntity<String> settled(Payment p) {
        String text = switch (p.status()) {
            case SofPayments.PAID -> "Pembayaran berhasil.";
            case SofPayments.DECLINED -> "Pembayaran ditolak.";
            case SofPayments.CLOSED -> "Pembayaran ini sudah ditutup.";
            case SofPayments.REFUNDED -> "Pembayaran ini sudah dikembalikan.";
            default -> "Menunggu pembayaran.";
        };
        String link = p.returnUrl() == null ? ""
                : "<p><a id=\"sof-return\" href=\"" + html(p.returnUrl()) + "\">Kembali</a></p>\n";
        return htmlPage(HttpStatus.OK, SandboxSupport.page("Status Pembayaran (Sandbox)", """
                <div class="card">
                <h1>Status Pembayaran</h1>
                <p id="sof-status" data-status="%s">%s</p>
                <p class="amount">%s</p>
                %s</div>
                """.formatted(html(p.status()), html(text), html(SandboxSupport.rupiah(p.amount())), link)));
    }

    private static ResponseEntity<String> notFound() {
        return htmlPage(HttpStatus.NOT_FOUND, SandboxSupport.page("Tidak ditemukan (Sandbox)",
                "<div class=\"card\"><h1>Pembayaran tidak ditemukan</h1></div>"));
    }

    private static ResponseEntity<String> htmlPage(HttpStatus status, String page) {
        return ResponseEntity.status(status).contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
                .header("Cache-Control", "no-store").body(page);
    }

    /** Card numbers are 12-19 digits with a valid Luhn check digit. */
    static boolean luhnValid(String digits) {
        if (digits == null || !digits.matches("[0-9]{12,19}")) {
            return false;
        }
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }
}
