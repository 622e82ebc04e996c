package id.loket.ops;

import id.loket.order.OrderStatus;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The orders as operators read them ({@code operations.md}, "Operations API"): the list with its
 * filters and cursor, one order's story, and the review queue. Every operator (role {@code viewer})
 * may read them; {@link OpsSecurity} asks for it on all of {@code /ops/api/**}.
 */
@RestController
@RequestMapping(path = "/ops/api", produces = "application/json")
public class OpsOrdersApi {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE;

    private final OrderQueries queries;

    public OpsOrdersApi(OrderQueries queries) {
        this.queries = queries;
    }

    /** Orders newest first: {@code {"orders":[...],"next":"..."}}, {@code next} absent on the last page. */
    @GetMapping("/orders")
    public Map<String, Object> orders(@RequestParam(required = false) String merchant,
                                      @RequestParam(required = false) String status,
                                      @RequestParam(required = false) String review,
                                      @RequestParam(required = false) String bill,
                                      @RequestParam(required = false) String from,
                                      @RequestParam(required = false) String to,
                                      @RequestParam(name = "order", required = false) String orderId,
                                      @RequestParam(required = false) String limit,
                                      @RequestParam(required = false) String after) {
        LocalDate fromDay = day("from", from);
        LocalDate toDay = day("to", to);
        if (fromDay != null && toDay != null && toDay.isBefore(fromDay)) {
            throw OpsError.badRequest("to", "is before from");
        }
        OrderFilter filter = new OrderFilter(blankToNull(merchant), status(status), review(review), blankToNull(bill),
                fromDay, toDay, blankToNull(orderId), limit(limit), blankToNull(after));
        return page("orders", queries.list(filter));
    }

    /** One order's whole story; 404 when there is no such order. */
    @GetMapping("/orders/{merchantId}/{orderId}")
    public OrderStory order(@PathVariable String merchantId, @PathVariable String orderId) {
        return queries.story(merchantId, orderId)
                .orElseThrow(() -> OpsError.notFound("no order " + orderId + " of merchant " + merchantId));
    }

    /**
     * The review queue, oldest flagged first: {@code {"orders":[{...the list's members, "flaggedAt",
     * "waitingSeconds"}],"next":"..."}}.
     */
    @GetMapping("/review")
    public Map<String, Object> review(@RequestParam(required = false) String limit,
                                      @RequestParam(required = false) String after) {
        return page("orders", queries.reviewQueue(limit(limit), blankToNull(after)));
    }

    static Map<String, Object> page(String name, Page<?> page) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(name, page.items());
        if (page.next() != null) {
            body.put("next", page.next());
        }
        return body;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static String status(String status) {
        String s = blankToNull(status);
        if (s == null) {
            return null;
        }
        try {
            return OrderStatus.valueOf(s).name();
        } catch (IllegalArgumentException e) {
            throw OpsError.badRequest("status", "not an order status (" + String.join(", ", statuses()) + ")");
        }
    }

    private static List<String> statuses() {
        return java.util.Arrays.stream(OrderStatus.values()).map(Enum::name).toList();
    }

    private static Boolean review(String review) {
        String s = blankToNull(review);
        if (s == null) {
            return null;
        }
        return switch (s) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw OpsError.badRequest("review", "must be true or false");
        };
    }

    private static LocalDate day(String field, String value) {
        String s = blankToNull(value);
        if (s == null) {
            return null;
        }
        try {
            return LocalDate.parse(s, DAY);
        } catch (DateTimeParseException e) {
            throw OpsError.badRequest(field, "must be a date yyyy-MM-dd");
        }
    }

    static int limit(String limit) {
        String s = blankToNull(limit);
        if (s == null) {
            return Page.limit(null);
        }
        try {
            return Page.limit(Integer.valueOf(s));
        } catch (NumberFormatException e) {
            throw OpsError.badRequest("limit", "must be 1-200");
        }
    }
}
