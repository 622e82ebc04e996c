package id.loket.config;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers of the Mitra API and of the payment page (everything under {@code /pg/} and {@code /sof/})
 * are never cached. Set here, on the servlet response, because Camel's HTTP header filter drops
 * {@code Cache-Control} and {@code Pragma} set on the message. (When the hub first saw the request,
 * for {@code processingTime}, is stamped by {@code api.TraceIdFilter}, with the request's trace id.)
 */
@Component
public class NoStoreFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI();
        if (path.startsWith("/pg/") || path.startsWith("/sof/")) {
            response.setHeader("Cache-Control", "no-store");
            response.setHeader("Pragma", "no-cache");
        }
        chain.doFilter(request, response);
    }
}
