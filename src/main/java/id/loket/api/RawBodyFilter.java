package id.loket.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Locale;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * On the Mitra API a request body is JSON, never a form. Camel's HTTP binding splits a body typed
 * {@code application/x-www-form-urlencoded} into headers, and fails with a bare 500 on one that is
 * not {@code a=b} pairs, such as the JSON PHP's curl sends under that type unless told otherwise.
 * There the declared type is hidden behind {@code application/octet-stream}, so the route reads
 * the raw body and decides itself (JSON is read, anything else is 4150000). The payment page's
 * own form posts are not touched.
 */
@Component
class RawBodyFilter extends OncePerRequestFilter {

    static final String FORM = "application/x-www-form-urlencoded";
    static final String RAW = "application/octet-stream";

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String type = request.getContentType();
        return type == null || !type.toLowerCase(Locale.ROOT).startsWith(FORM) || !Envelope.covers(request.getRequestURI());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(new HttpServletRequestWrapper(request) {
            @Override
            public String getContentType() {
                return RAW;
            }

            @Override
            public String getHeader(String name) {
                return "content-type".equalsIgnoreCase(name) ? RAW : super.getHeader(name);
            }

            @Override
            public Enumeration<String> getHeaders(String name) {
                return "content-type".equalsIgnoreCase(name) ? Collections.enumeration(java.util.List.of(RAW))
                        : super.getHeaders(name);
            }
        }, response);
    }
}
