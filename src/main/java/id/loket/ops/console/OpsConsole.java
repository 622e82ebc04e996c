package id.loket.ops.console;

import id.loket.ops.AuditEntry;
import id.loket.ops.AuditTrail;
import id.loket.ops.OpsAction;
import id.loket.ops.OpsActions;
import id.loket.ops.OpsError;
import id.loket.ops.OpsHealth;
import id.loket.ops.OpsSecurity;
import id.loket.ops.Operator;
import id.loket.ops.OrderFilter;
import id.loket.ops.OrderQueries;
import id.loket.ops.OrderRow;
import id.loket.ops.OrderStory;
import id.loket.ops.Page;
import id.loket.ops.RefundProposal;
import id.loket.ops.ResolveRequest;
import id.loket.ops.ReviewItem;
import id.loket.ops.Role;
import id.loket.order.OrderStatus;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatusCode;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The operators' console: server-rendered pages ({@code templates/ops/*.html}) over the same
 * services as the operations API. Every form posts with Spring Security's CSRF token and answers
 * with a redirect (post/redirect/get) and a flash message; a refusal ({@link OpsError}) is shown on
 * the page with its HTTP status.
 */
// Named apart from OpsSecurity#opsConsole, the console's filter chain.
@Controller("opsConsolePages")
@RequestMapping("/ops")
public class OpsConsole {

    static final int PAGE_SIZE = 50;
    static final List<String> STATUSES = Arrays.stream(OrderStatus.values()).map(Enum::name).toList();

    private final OrderQueries orders;
    private final OpsActions actions;
    private final AuditTrail audit;
    private final OpsHealth health;
    private final ConsoleFormat fmt;
    private final MessageSource messages;

    public OpsConsole(OrderQueries orders, OpsActions actions, AuditTrail audit, OpsHealth health,
                      MessageSource messages) {
        this.messages = messages;
        this.orders = orders;
        this.actions = actions;
        this.audit = audit;
        this.health = health;
        this.fmt = new ConsoleFormat();
    }

    /** What every page's layout needs: the operator (header) and the formatter. */
    @ModelAttribute
    void common(HttpServletRequest request, Model model) {
        frame(request, model.asMap());
    }

    private void frame(HttpServletRequest request, Map<String, Object> model) {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.isAuthenticated()) {
            Operator me = OpsSecurity.operator(auth, request);
            model.put("me", me);
            model.put("myRoles", me.roles().stream().map(Role::configured).toList());
            model.put("approverRole", me.has(Role.APPROVER));
        }
        model.put("fmt", fmt);
    }

    private static Operator me(Authentication auth, HttpServletRequest request) {
        return OpsSecurity.operator(auth, request);
    }

    // ---- search -------------------------------------------------------------------------------

    /** {@code /ops} without its slash: the console's first page. */
    @GetMapping("")
    String home() {
        return "redirect:/ops/";
    }

    @GetMapping("/")
    String search(@RequestParam(required = false) String orderId, @RequestParam(required = false) String bill,
                  @RequestParam(required = false) String merchant, @RequestParam(required = false) String status,
                  @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                  @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                  @RequestParam(required = false) Boolean review, @RequestParam(required = false) Integer limit,
                  @RequestParam(required = false) String after, Model model) {
        OrderFilter filter = new OrderFilter(blank(merchant), blank(status), Boolean.TRUE.equals(review) ? true : null,
                blank(bill), from, to, blank(orderId), Page.limit(limit), blank(after));
        Page<OrderRow> page = orders.list(filter);
        model.addAttribute("filter", filter);
        model.addAttribute("statuses", STATUSES);
        model.addAttribute("page", page);
        if (page.next() != null) {
            Map<String, Object> q = new LinkedHashMap<>();
            q.put("orderId", filter.orderId());
            q.put("bill", filter.bill());
            q.put("merchant", filter.merchant());
            q.put("status", filter.status());
            q.put("from", from);
            q.put("to", to);
            q.put("review", filter.review());
            q.put("limit", limit);
            q.put("after", page.next());
            model.addAttribute("nextUrl", link("/ops/", q));
        }
        return "ops/search";
    }

    // ---- one order ----------------------------------------------------------------------------

    @GetMapping("/orders/{merchantId}/{orderId}")
    String order(@PathVariable String merchantId, @PathVariable String orderId, Model model) {
        return orderPage(merchantId, orderId, model.asMap());
    }

    private String orderPage(String merchantId, String orderId, Map<String, Object> model) {
        OrderStory story = orders.story(merchantId, orderId)
                .orElseThrow(() -> OpsError.notFound("no order " + orderId + " of merchant " + merchantId));
        Operator me = (Operator) model.get("me");
        model.put("story", story);
        model.put("o", story.order());
        model.put("can", Buttons.of(story.order(), me));
        return "ops/order";
    }

    /** The buttons an order's status allows for the operator's roles. */
    public record Buttons(boolean resend, boolean retryBiller, boolean resolve, boolean refund) {

        static Buttons of(OrderStory.Order o, Operator me) {
            if (me == null || !me.has(Role.OPERATOR)) {
                return new Buttons(false, false, false, false);
            }
            OrderStatus status = status(o.status());
            boolean processing = status == OrderStatus.PROCESSING;
            boolean plain = o.kind() != null ? "PLAIN".equals(o.kind()) : o.productCode() == null;
            return new Buttons(status != null && status.isFinal(), processing, processing,
                    plain && status != null && status.refundable());
        }

        public boolean any() {
            return resend || retryBiller || resolve || refund;
        }

        private static OrderStatus status(String s) {
            try {
                return s == null ? null : OrderStatus.valueOf(s);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }

    @PostMapping("/orders/{merchantId}/{orderId}/resend")
    Object resend(@PathVariable String merchantId, @PathVariable String orderId, Authentication auth,
                  HttpServletRequest request, HttpServletResponse response, RedirectAttributes flash) {
        return act(merchantId, orderId, request, response, flash,
                () -> actions.resend(me(auth, request), merchantId, orderId));
    }

    @PostMapping("/orders/{merchantId}/{orderId}/retry-biller")
    Object retryBiller(@PathVariable String merchantId, @PathVariable String orderId, Authentication auth,
                       HttpServletRequest request, HttpServletResponse response, RedirectAttributes flash) {
        return act(merchantId, orderId, request, response, flash,
                () -> actions.retryBiller(me(auth, request), merchantId, orderId));
    }

    @PostMapping("/orders/{merchantId}/{orderId}/resolve")
    Object resolve(@PathVariable String merchantId, @PathVariable String orderId,
                   @RequestParam(required = false) String outcome, @RequestParam(required = false) String billerReference,
                   @RequestParam(required = false) String reason, Authentication auth, HttpServletRequest request,
                   HttpServletResponse response, RedirectAttributes flash) {
        ResolveRequest body = new ResolveRequest(blank(outcome), blank(billerReference), blank(reason));
        return act(merchantId, orderId, request, response, flash,
                () -> actions.resolve(me(auth, request), merchantId, orderId, body));
    }

    @PostMapping("/orders/{merchantId}/{orderId}/refund")
    Object refund(@PathVariable String merchantId, @PathVariable String orderId,
                  @RequestParam(required = false) String amount, @RequestParam(required = false) String reason,
                  Authentication auth, HttpServletRequest request, HttpServletResponse response,
                  RedirectAttributes flash) {
        RefundProposal body = new RefundProposal(blank(amount), blank(reason));
        return act(merchantId, orderId, request, response, flash,
                () -> actions.refund(me(auth, request), merchantId, orderId, body));
    }

    /**
     * Runs an action on an order and redirects back to the order's page with what became of it; a
     * refusal renders the order's page with the refusal's message and status instead.
     */
    private Object act(String merchantId, String orderId, HttpServletRequest request, HttpServletResponse response,
                       RedirectAttributes flash, Supplier<OpsAction> action) {
        try {
            OpsAction done = action.get();
            flash.addFlashAttribute("notice", outcome(done));
            flash.addFlashAttribute("noticeTone", tone(done));
            return "redirect:" + orderPath(merchantId, orderId);
        } catch (OpsError e) {
            if (e.status() == 404) {
                throw e;
            }
            ModelAndView mv = new ModelAndView();
            frame(request, mv.getModel());
            mv.setViewName(orderPage(merchantId, orderId, mv.getModel()));
            refusal(mv.getModel(), e);
            mv.setStatus(HttpStatusCode.valueOf(e.status()));
            response.setStatus(e.status());
            return mv;
        }
    }

    // ---- the review queue ---------------------------------------------------------------------

    @GetMapping("/review")
    String review(@RequestParam(required = false) Integer limit, @RequestParam(required = false) String after,
                  Model model) {
        Page<ReviewItem> page = orders.reviewQueue(Page.limit(limit), blank(after));
        model.addAttribute("page", page);
        model.addAttribute("nextUrl", page.next() == null ? null
                : link("/ops/review", Map.of("after", page.next())));
        return "ops/review";
    }

    // ---- approvals ----------------------------------------------------------------------------

    @GetMapping("/approvals")
    String approvals(@RequestParam(required = false) String after, Model model) {
        return approvalsPage(blank(after), model.asMap());
    }

    private String approvalsPage(String after, Map<String, Object> model) {
        Page<OpsAction> page = actions.page("PENDING_APPROVAL", PAGE_SIZE, after);
        model.put("page", page);
        model.put("nextUrl", page.next() == null ? null : link("/ops/approvals", Map.of("after", page.next())));
        return "ops/approvals";
    }

    @PostMapping("/actions/{id}/approve")
    Object approve(@PathVariable long id, @RequestParam(required = false) String comment,
                   @RequestParam(required = false) String back, Authentication auth, HttpServletRequest request,
                   HttpServletResponse response, RedirectAttributes flash) {
        return decide(id, back, request, response, flash, () -> actions.approve(me(auth, request), id, blank(comment)));
    }

    @PostMapping("/actions/{id}/reject")
    Object reject(@PathVariable long id, @RequestParam(required = false) String comment,
                  @RequestParam(required = false) String back, Authentication auth, HttpServletRequest request,
                  HttpServletResponse response, RedirectAttributes flash) {
        return decide(id, back, request, response, flash, () -> actions.reject(me(auth, request), id, blank(comment)));
    }

    /** Approves or rejects, then back to the approvals (or, with {@code back=order}, to the action's order). */
    private Object decide(long id, String back, HttpServletRequest request, HttpServletResponse response,
                          RedirectAttributes flash, Supplier<OpsAction> decision) {
        try {
            OpsAction done = decision.get();
            flash.addFlashAttribute("notice", outcome(done));
            flash.addFlashAttribute("noticeTone", tone(done));
            flash.addFlashAttribute("noticeOrder", done);
            return "redirect:" + ("order".equals(back) ? orderPath(done.merchantId(), done.orderId()) : "/ops/approvals");
        } catch (OpsError e) {
            ModelAndView mv = new ModelAndView();
            frame(request, mv.getModel());
            mv.setViewName(approvalsPage(null, mv.getModel()));
            refusal(mv.getModel(), e);
            mv.setStatus(HttpStatusCode.valueOf(e.status()));
            response.setStatus(e.status());
            return mv;
        }
    }

    // ---- audit, health, flow ------------------------------------------------------------------

    @GetMapping("/audit")
    String audit(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                 @RequestParam(required = false) Integer limit, @RequestParam(required = false) String after,
                 Model model) {
        Page<AuditEntry> page = audit.page(from, Page.limit(limit), blank(after));
        model.addAttribute("page", page);
        model.addAttribute("from", from);
        if (page.next() != null) {
            Map<String, Object> q = new LinkedHashMap<>();
            q.put("from", from);
            q.put("limit", limit);
            q.put("after", page.next());
            model.addAttribute("nextUrl", link("/ops/audit", q));
        }
        return "ops/audit";
    }

    @GetMapping("/health")
    String health(Model model) {
        model.addAttribute("health", health.health());
        return "ops/health";
    }

    @GetMapping("/flow")
    String flow(Model model) {
        return "ops/flow";
    }

    // ---- refusals -----------------------------------------------------------------------------

    @ExceptionHandler(OpsError.class)
    ModelAndView refused(OpsError e, HttpServletRequest request) {
        return errorPage(request, e.status(), e.error(), e.getMessage());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ModelAndView mismatch(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        return errorPage(request, 400, "bad_request", e.getName() + ": not a valid value");
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ModelAndView missing(MissingServletRequestParameterException e, HttpServletRequest request) {
        return errorPage(request, 400, "bad_request", e.getParameterName() + ": missing");
    }

    private ModelAndView errorPage(HttpServletRequest request, int status, String error, String message) {
        ModelAndView mv = new ModelAndView("ops/error");
        frame(request, mv.getModel());
        mv.addObject("status", status);
        mv.addObject("error", error);
        mv.addObject("message", message);
        mv.setStatus(HttpStatusCode.valueOf(status));
        return mv;
    }

    private static void refusal(Map<String, Object> model, OpsError e) {
        model.put("problem", e.getMessage());
        model.put("problemStatus", e.status());
        model.put("problemError", e.error());
    }

    // ---- helpers ------------------------------------------------------------------------------

    /** What became of an action, for the flash message (texts {@code ops.notice.*}). */
    String outcome(OpsAction a) {
        Locale locale = LocaleContextHolder.getLocale();
        String what = messages.getMessage("ops.notice.kind." + a.kind(), null, a.kind(), locale);
        String state = "FAILED".equals(a.state()) && a.detail() != null
                ? messages.getMessage("ops.notice.failed-because", new Object[] {a.detail()}, locale)
                : messages.getMessage("ops.notice.state." + a.state(), null, a.state(), locale);
        return messages.getMessage("ops.notice.action", new Object[] {what, Long.toString(a.id()), a.orderId(), state},
                locale);
    }

    static String tone(OpsAction a) {
        return switch (a.state()) {
            case "DONE" -> "ok";
            case "FAILED", "REJECTED" -> "bad";
            default -> "info";
        };
    }

    static String orderPath(String merchantId, String orderId) {
        return UriComponentsBuilder.fromPath("/ops/orders/{m}/{o}").buildAndExpand(merchantId, orderId).encode()
                .toUriString();
    }

    /** A console link with the non-empty query values only. */
    static String link(String path, Map<String, ?> query) {
        UriComponentsBuilder b = UriComponentsBuilder.fromPath(path);
        query.forEach((k, v) -> {
            if (v != null && !v.toString().isBlank()) {
                b.queryParam(k, "{" + k + "}");
            }
        });
        Map<String, Object> values = new LinkedHashMap<>();
        query.forEach((k, v) -> {
            if (v != null && !v.toString().isBlank()) {
                values.put(k, v.toString());
            }
        });
        return b.encode().buildAndExpand(values).toUriString();
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
