package id.loket.api;

import id.loket.config.TraceId;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.task.TaskDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request its trace id and stamps when the hub first saw it, before any other filter,
 * so every log line of the request carries the id. The id stays the request's on its error and
 * async dispatches, and {@link #carryToTasks()} takes it to the executor that runs the Camel REST
 * routes (platform-http hands every request to Spring's task executor).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class TraceIdFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String id = (String) request.getAttribute(TraceId.KEY);
        if (id == null) {
            id = TraceId.newId();
            request.setAttribute(TraceId.KEY, id);
            // when the hub first saw the request, for the processingTime of an answer made outside a route
            request.setAttribute(Envelope.STARTED, System.nanoTime());
        }
        MDC.put(TraceId.KEY, id);
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(TraceId.KEY);
        }
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }

    /** Spring Boot applies this to its task executor: a task runs with the trace id of the request that gave it. */
    @org.springframework.context.annotation.Bean
    static TaskDecorator carryToTasks() {
        return TraceId::carried;
    }
}
