package id.loket.ops;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * One page of a list, newest first, and the cursor of the next page ({@code null} on the last):
 * keyset pagination, so a page costs the same however deep it is.
 */
public record Page<T>(List<T> items, String next) {

    /** The opaque cursor for a position ({@code "createdAt|id"}, say). */
    public static String cursor(String position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(position.getBytes(StandardCharsets.UTF_8));
    }

    /** The position of a cursor; a 400 on {@code after} when it is not one. */
    public static String position(String cursor) {
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw OpsError.badRequest("after", "not a cursor of this list");
        }
    }

    /** {@code limit} checked: 1-200, 50 when absent. */
    public static int limit(Integer limit) {
        if (limit == null) {
            return 50;
        }
        if (limit < 1 || limit > 200) {
            throw OpsError.badRequest("limit", "must be 1-200");
        }
        return limit;
    }
}
