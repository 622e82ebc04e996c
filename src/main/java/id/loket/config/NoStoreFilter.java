package id.loket.config;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import id.loket.api.Envelope;
import java.io.IOException;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers about orders and the payment page are never cached. Set here, on the servlet response,
 * because Camel's HTTP header filter drops {@code Cache-Control} set on the message.
 */
@Component
public class NoStoreFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // when the hub first saw the request, for the processingTime of an answer made outside a route
        request.setAttribute(Envelope.STARTED, System.nanoTime());
        String path = request.getRequestURI();
        if (path.startsWith("/pg/") || path.startsWith("/sof/")) {
            response.setHeader("Cache-Control", "no-store");
            response.setHeader("Pragma", "no-cache");
        }
        chain.doFilter(request, response);
    }
}
