package id.loket.sandbox;

import id.loket.sandbox.SofPayments.Payment;
import id.loket.sof.SofFamily;
import jakarta.servlet.http.HttpServletResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.view.RedirectView;

/**
 * The providers' own pages in the sandbox: the card acquirer's card form and the approval screens
 * of the e-wallets, pay-later lenders and online banks. All take the payment as {@code /sandbox/sof/pay} does and send the customer
 * back to the hub's page (the payment's {@code returnUrl}). A full card number is never stored.
 * The pages are the Thymeleaf templates {@code templates/sandbox/sof-*.html}.
 */
@Controller
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
    ModelAndView cardPage(@PathVariable String paymentCode, HttpServletResponse response) {
        Optional<Payment> p = payments.byCode(paymentCode).filter(x -> x.family().equals("card"));
        if (p.isEmpty()) {
            return notFound(response);
        }
        if (!SofPayments.CREATED.equals(p.get().status())) {
            return settled(p.get(), response);
        }
        return cardForm(p.get(), null, "", "", response);
    }

    @PostMapping(path = "/sandbox/sof/card/page/{paymentCode}")
    ModelAndView cardSubmit(@PathVariable String paymentCode,
                            @RequestParam(required = false) String cardNumber,
                            @RequestParam(required = false) String cardExpiry,
                            @RequestParam(required = false) String cardCvv,
                            @RequestParam(required = false) String cardName,
                            HttpServletResponse response) {
        Optional<Payment> p = payments.byCode(paymentCode).filter(x -> x.family().equals("card"));
        if (p.isEmpty()) {
            return notFound(response);
        }
        if (!SofPayments.CREATED.equals(p.get().status())) {
            return back(p.get(), response);
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
            return cardForm(p.get(), error, expiry, name, response);
        }
        boolean approved = !DECLINED_CARD.equals(digits);
        simulator.take(paymentCode, approved, digits.substring(digits.length() - 4));
        return back(payments.byCode(paymentCode).orElseThrow(), response);
    }

    /**
     * The approval screen of a provider the customer is redirected to: the e-wallet's, the pay-later
     * lender's (instalment plan) and the online bank's (log in, then approve).
     */
    @GetMapping(path = "/sandbox/sof/{family}/approve/{paymentCode}")
    ModelAndView approvalPage(@PathVariable String family, @PathVariable String paymentCode,
                              HttpServletResponse response) {
        Optional<Payment> found = approvable(family, paymentCode);
        if (found.isEmpty()) {
            return notFound(response);
        }
        Payment p = found.get();
        if (!SofPayments.CREATED.equals(p.status())) {
            return settled(p, response);
        }
        return SandboxSupport.page(response, HttpStatus.OK, "sandbox/sof-approve", Map.of("family", family,
                "provider", PROVIDER_NAMES.getOrDefault(p.type(), p.type()), "payment", view(p)));
    }

    @PostMapping(path = "/sandbox/sof/{family}/approve/{paymentCode}")
    ModelAndView approvalAnswer(@PathVariable String family, @PathVariable String paymentCode,
                                @RequestParam(required = false) String action, HttpServletResponse response) {
        Optional<Payment> found = approvable(family, paymentCode);
        if (found.isEmpty()) {
            return notFound(response);
        }
        if (SofPayments.CREATED.equals(found.get().status())) {
            simulator.take(paymentCode, !"decline".equals(action), null);
        }
        return back(payments.byCode(paymentCode).orElseThrow(), response);
    }

    /** A payment of a family whose customer approves on the provider's page; the family comes from the path. */
    private Optional<Payment> approvable(String family, String paymentCode) {
        boolean approves = SofFamily.ofKey(family).map(SofPayments.APPROVAL_PREFIX::containsKey).orElse(false);
        return approves ? payments.byCode(paymentCode).filter(x -> x.family().equals(family)) : Optional.empty();
    }

    /** The card form; the card number and CVV typed are never written back into it. */
    private static ModelAndView cardForm(Payment p, String error, String expiry, String name,
                                         HttpServletResponse response) {
        Map<String, Object> model = new HashMap<>();
        model.put("payment", view(p));
        model.put("error", error);
        model.put("expiry", expiry);
        model.put("name", name);
        return SandboxSupport.page(response, HttpStatus.OK, "sandbox/sof-card", model);
    }

    /** Sends the customer back to the hub's page, or says where the payment stands if there is none. */
    private static ModelAndView back(Payment p, HttpServletResponse response) {
        if (p.returnUrl() == null) {
            return settled(p, response);
        }
        RedirectView redirect = new RedirectView(p.returnUrl());
        redirect.setStatusCode(HttpStatus.SEE_OTHER);
        redirect.setExposeModelAttributes(false);
        return new ModelAndView(redirect);
    }

    private static ModelAndView settled(Payment p, HttpServletResponse response) {
        return SandboxSupport.page(response, HttpStatus.OK, "sandbox/sof-status", Map.of("payment", view(p)));
    }

    private static ModelAndView notFound(HttpServletResponse response) {
        return SandboxSupport.page(response, HttpStatus.NOT_FOUND, "sandbox/sof-not-found", Map.of());
    }

    /** What the pages show of a payment: its code, amount in rupiah, status and the way back. */
    record PaymentView(String paymentCode, String amount, String status, String returnUrl) {
    }

    private static PaymentView view(Payment p) {
        return new PaymentView(p.paymentCode(), SandboxSupport.rupiah(p.amount()), p.status(), p.returnUrl());
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
