package id.loket.ops;

import id.loket.config.BillerRoutes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The README's sequence diagram drawn as SVG by the hub, with on every arrow how many orders passed
 * it and how many failed in the last hour, from the routes' own metrics.
 *
 * <p>Each arrow counts the route ids the README's table gives it ({@link #ARROWS}). Passed = the
 * route's exchanges less its failures; failed = exchanges that ended in an exception (handled or
 * not), for a partner call a call with no answer or an HTTP 5xx, for the inquiry also the inquiries
 * the open circuit answered without asking the biller, for the notification the notifications
 * given up. The customer's request to the Mitra is not seen by the hub: it shows the Mitra's
 * request it causes.
 */
@Component
public class FlowDiagram {

    /** The window of the figures. */
    public static final Duration WINDOW = Duration.ofHours(1);

    /** The participants, left to right: the diagram's Finpay is Loket. */
    public static final List<String> PARTICIPANTS = List.of("Customer", "Mitra", "Loket", "Biller");

    /** One arrow of the diagram: who to whom, its text, the routes that count it, inside the alt box or not. */
    public record Arrow(String from, String to, String label, String routes, boolean alt) {
    }

    /** An arrow's figures over the window. */
    public record Count(long passed, long failed) {
    }

    /** The README's diagram, arrow by arrow, in order. */
    public static final List<Arrow> ARROWS = List.of(
            new Arrow("Customer", "Mitra", "Request Payment", "seen as mitra-request-payment", false),
            new Arrow("Mitra", "Loket", "Request Payment", "mitra-request-payment", false),
            new Arrow("Loket", "Mitra", "Response Payment URL", "mitra-request-payment", false),
            new Arrow("Customer", "Loket", "Open Payment URL", "customer-open-payment-url", false),
            new Arrow("Loket", "Biller", "Request inquiry", "biller-inquiry, <biller>-inquiry", false),
            new Arrow("Biller", "Loket", "Response inquiry", "biller-inquiry, <biller>-inquiry", false),
            new Arrow("Customer", "Loket", "Request Payment", "customer-request-payment", false),
            new Arrow("Loket", "Loket", "Selected SOF", "selected-sof", false),
            new Arrow("Customer", "Loket", "Payment Process", "sof-payment-callback", false),
            new Arrow("Loket", "Loket", "Payment Process", "payment-process", false),
            new Arrow("Loket", "Biller", "Request Payment", "<biller>-payment", true),
            new Arrow("Biller", "Loket", "Response Payment", "<biller>-payment", true),
            new Arrow("Loket", "Mitra", "Payment Notification", "payment-notification (delivered, given up)", false));

    private final RouteWindow window;
    private final BillerRoutes billerRoutes;

    public FlowDiagram(RouteWindow window, BillerRoutes billerRoutes) {
        this.window = window;
        this.billerRoutes = billerRoutes;
    }

    /** The diagram as an SVG document (every text escaped). */
    public String svg() {
        return render(counts(window.over(WINDOW)));
    }

    /** Every arrow's figures, in the order of {@link #ARROWS}. */
    List<Count> counts(RouteWindow.Figures f) {
        Set<String> billers = PartnerTimers.billers(billerRoutes);
        Count initiate = route(f, "mitra-request-payment");
        Count open = route(f, "customer-open-payment-url");

        long inquiries = f.calls("biller-inquiry");
        long asked = 0;
        long unanswered = f.failures("biller-inquiry");
        for (String b : billers) {
            asked += f.calls(PartnerTimers.inquiryRoute(b));
            unanswered += f.failures(PartnerTimers.inquiryRoute(b));
        }
        // an inquiry that reached no adapter was answered by the open circuit
        unanswered += Math.max(0, inquiries - asked);
        Count inquiry = of(inquiries, unanswered);

        Count request = route(f, "customer-request-payment");
        Count selected = route(f, "selected-sof");
        Count callback = route(f, "sof-payment-callback");
        Count process = route(f, "payment-process");

        long payments = 0;
        long paymentsFailed = 0;
        for (String b : billers) {
            payments += f.calls(PartnerTimers.paymentRoute(b));
            paymentsFailed += f.failures(PartnerTimers.paymentRoute(b));
        }
        Count billerPayment = of(payments, paymentsFailed);
        Count notification = new Count(f.counter(RouteWindow.DELIVERED), f.counter(RouteWindow.GIVEN_UP));

        return List.of(initiate, initiate, initiate, open, inquiry, inquiry, request, selected, callback, process,
                billerPayment, billerPayment, notification);
    }

    private static Count route(RouteWindow.Figures f, String routeId) {
        return of(f.calls(routeId), f.failures(routeId));
    }

    private static Count of(long total, long failed) {
        long bad = Math.min(total, failed);
        return new Count(total - bad, bad);
    }

    // Layout: one column per participant, one row per arrow; the viewBox scales it to the screen.
    static final int WIDTH = 480;
    static final int COLUMN = 120;
    static final int ROW = 62;
    static final int TOP = 86;
    static final Map<String, Integer> X = Map.of("Customer", 60, "Mitra", 180, "Loket", 300, "Biller", 420);

    /** The SVG for the given figures (one per arrow, in the order of {@link #ARROWS}). */
    public static String render(List<Count> counts) {
        if (counts.size() != ARROWS.size()) {
            throw new IllegalArgumentException("one count per arrow: " + ARROWS.size() + ", not " + counts.size());
        }
        // rows first, to know the height
        List<Integer> rowTops = new ArrayList<>();
        int y = TOP;
        int altTop = -1;
        int altBottom = -1;
        for (int i = 0; i < ARROWS.size(); i++) {
            Arrow a = ARROWS.get(i);
            if (a.alt() && altTop < 0) {
                altTop = y;
                y += 24;
            }
            if (!a.alt() && altTop >= 0 && altBottom < 0) {
                altBottom = y + 4;
                y += 14;
            }
            rowTops.add(y);
            y += ROW;
        }
        int height = y + 20;

        StringBuilder s = new StringBuilder(8192);
        s.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" width=\"100%\" preserveAspectRatio=\"xMidYMin meet\" font-family=\"sans-serif\"")
                .append(" role=\"img\" aria-labelledby=\"flow-title\">\n");
        s.append("<title id=\"flow-title\">").append(esc("Loket flow: orders that passed and failed each arrow in the last hour"))
                .append("</title>\n");
        s.append("<defs><marker id=\"head\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\"")
                .append(" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#333\"/></marker></defs>\n");
        s.append("<rect x=\"0\" y=\"0\" width=\"").append(WIDTH).append("\" height=\"").append(height)
                .append("\" fill=\"#fff\"/>\n");
        s.append("<text x=\"10\" y=\"20\" font-size=\"13\" fill=\"#555\">").append(esc("The last hour: passed \u00b7 failed"))
                .append("</text>\n");

        // participants and their lifelines
        for (String p : PARTICIPANTS) {
            int x = X.get(p);
            s.append("<g class=\"participant\">");
            s.append("<line x1=\"").append(x).append("\" y1=\"62\" x2=\"").append(x).append("\" y2=\"").append(height - 10)
                    .append("\" stroke=\"#999\" stroke-dasharray=\"4 4\"/>");
            s.append("<rect x=\"").append(x - COLUMN / 2 + 8).append("\" y=\"32\" width=\"").append(COLUMN - 16)
                    .append("\" height=\"30\" rx=\"4\" fill=\"#eef2f7\" stroke=\"#456\"/>");
            s.append("<text x=\"").append(x).append("\" y=\"52\" font-size=\"15\" text-anchor=\"middle\" fill=\"#123\">")
                    .append(esc(p)).append("</text></g>\n");
        }

        if (altTop >= 0) {
            int left = X.get("Loket") - 60;
            int right = WIDTH - 6;
            int bottom = altBottom < 0 ? height - 14 : altBottom;
            s.append("<g class=\"alt\"><rect x=\"").append(left).append("\" y=\"").append(altTop).append("\" width=\"")
                    .append(right - left).append("\" height=\"").append(bottom - altTop)
                    .append("\" fill=\"none\" stroke=\"#678\"/>");
            s.append("<rect x=\"").append(left).append("\" y=\"").append(altTop)
                    .append("\" width=\"34\" height=\"18\" fill=\"#678\"/>");
            s.append("<text x=\"").append(left + 5).append("\" y=\"").append(altTop + 13)
                    .append("\" font-size=\"12\" fill=\"#fff\">alt</text>");
            s.append("<text x=\"").append(left + 42).append("\" y=\"").append(altTop + 13)
                    .append("\" font-size=\"12\" fill=\"#345\">").append(esc("[Payment Success]")).append("</text></g>\n");
        }

        for (int i = 0; i < ARROWS.size(); i++) {
            Arrow a = ARROWS.get(i);
            Count c = counts.get(i);
            int top = rowTops.get(i);
            int x1 = X.get(a.from());
            int x2 = X.get(a.to());
            s.append("<g class=\"arrow\" id=\"arrow-").append(i + 1).append("\" data-passed=\"").append(c.passed())
                    .append("\" data-failed=\"").append(c.failed()).append("\">");
            s.append("<title>").append(esc(a.from() + " ->> " + a.to() + " : " + a.label() + " (" + a.routes() + ")"))
                    .append("</title>");
            int textX;
            String anchor;
            if (x1 == x2) {
                textX = x1 + 6;
                anchor = "start";
                s.append("<path d=\"M").append(x1).append(',').append(top + 40).append(" H").append(x1 + 44).append(" V")
                        .append(top + 52).append(" H").append(x1 + 2)
                        .append("\" fill=\"none\" stroke=\"#333\" stroke-width=\"1.5\" marker-end=\"url(#head)\"/>");
            } else {
                textX = (x1 + x2) / 2;
                anchor = "middle";
                int end = x2 > x1 ? x2 - 2 : x2 + 2;
                s.append("<line x1=\"").append(x1).append("\" y1=\"").append(top + 46).append("\" x2=\"").append(end)
                        .append("\" y2=\"").append(top + 46)
                        .append("\" stroke=\"#333\" stroke-width=\"1.5\" marker-end=\"url(#head)\"/>");
            }
            s.append("<text class=\"label\" x=\"").append(textX).append("\" y=\"").append(top + 15)
                    .append("\" font-size=\"15\" text-anchor=\"").append(anchor).append("\" fill=\"#111\">")
                    .append(esc(a.label())).append("</text>");
            s.append("<text class=\"counts\" x=\"").append(textX).append("\" y=\"").append(top + 32)
                    .append("\" font-size=\"13\" text-anchor=\"").append(anchor).append("\" fill=\"#2a6\">")
                    .append(esc(c.passed() + " passed")).append("<tspan fill=\"#555\"> \u00b7 </tspan>")
                    .append("<tspan fill=\"").append(c.failed() > 0 ? "#b00020" : "#555").append("\">")
                    .append(esc(c.failed() + " failed")).append("</tspan></text>");
            s.append("</g>\n");
        }
        s.append("</svg>\n");
        return s.toString();
    }

    /** XML text and attribute escaping. */
    static String esc(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            switch (ch) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if (ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') {
                        out.append(' ');
                    } else {
                        out.append(ch);
                    }
                }
            }
        }
        return out.toString();
    }
}
