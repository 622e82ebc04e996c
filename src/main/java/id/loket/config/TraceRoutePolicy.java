package id.loket.config;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.RoutePolicySupport;
import org.apache.camel.support.ScheduledPollConsumer;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * Work that no request started has a trace id of its own: each row a poller (order work, the
 * notification outbox, expiry) hands to its route, and each exchange that begins on a thread without
 * one (the Wire Tap's copy, a {@code threads} hand-off), gets a new id for as long as it runs. A route
 * called within a request keeps the request's.
 */
@Component
public class TraceRoutePolicy extends RoutePolicySupport implements RoutePolicyFactory {

    @Override
    public RoutePolicy createRoutePolicy(CamelContext camelContext, String routeId, NamedNode route) {
        return this;
    }

    @Override
    public void onExchangeBegin(Route route, Exchange exchange) {
        // a poller's thread belongs to no caller: its rows are new work, whatever its thread held before
        if (TraceId.current() != null && !(route.getConsumer() instanceof ScheduledPollConsumer)) {
            return;
        }
        String id = TraceId.newId();
        MDC.put(TraceId.KEY, id);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                if (id.equals(TraceId.current())) {
                    MDC.remove(TraceId.KEY);
                }
            }
        });
    }
}
