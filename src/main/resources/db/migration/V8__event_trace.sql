-- The trace id of the work that wrote the event: for a request, the traceId its answer carried, so an
-- operator can go from a Mitra's complaint to the order's events and to the request's log lines.
ALTER TABLE order_event ADD COLUMN trace_id VARCHAR(36);
