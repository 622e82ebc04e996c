package id.loket.ops;

import java.time.LocalDate;

/**
 * The documented filters of the orders list ({@code GET /ops/api/orders}); every member may be null.
 *
 * @param review true: only orders flagged for manual review
 * @param bill   the bill number
 * @param from   creation date (WIB) from, inclusive
 * @param to     creation date (WIB) to, inclusive
 * @param orderId the Mitra's order id (the console's search)
 * @param limit  1-200
 * @param after  the {@code next} cursor of the previous page
 */
public record OrderFilter(String merchant, String status, Boolean review, String bill, LocalDate from, LocalDate to,
                          String orderId, int limit, String after) {
}
