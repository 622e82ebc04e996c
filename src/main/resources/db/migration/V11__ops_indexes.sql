-- The operations list of orders (GET /ops/api/orders) is newest first, paged by the keyset
-- (created_at, id). Each documented filter has an index that ends in that sort, so its first page (and
-- any later one) reads only the rows it shows, on H2 and on PostgreSQL. The columns are declared
-- descending because H2 walks an index forwards only; PostgreSQL walks them either way.
CREATE INDEX ix_order_created ON payment_order (created_at DESC, id DESC);
CREATE INDEX ix_order_merchant_created ON payment_order (merchant_id, created_at DESC, id DESC);
CREATE INDEX ix_order_status_created ON payment_order (status, created_at DESC, id DESC);
CREATE INDEX ix_order_review_created ON payment_order (needs_review, created_at DESC, id DESC);
CREATE INDEX ix_order_bill_created ON payment_order (bill_number, created_at DESC, id DESC);
-- The console's search by the Mitra's order id alone (uq_order_merchant_order serves it with the merchant).
CREATE INDEX ix_order_order_id ON payment_order (order_id);

-- When the order was last flagged for manual review (the time of its manual-review FLAGGED event): the
-- review queue is oldest flagged first and the index gives its pages and its count.
ALTER TABLE payment_order ADD COLUMN flagged_at TIMESTAMP WITH TIME ZONE;
UPDATE payment_order SET flagged_at = COALESCE(
    (SELECT MAX(e.created_at) FROM order_event e
     WHERE e.order_pk = payment_order.id AND e.arrow = 'manual-review' AND e.outcome = 'FLAGGED'),
    payment_order.updated_at)
WHERE needs_review = TRUE;
CREATE INDEX ix_order_review_queue ON payment_order (needs_review, status, flagged_at, id);
