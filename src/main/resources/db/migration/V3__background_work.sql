-- Background work on orders, claimed through the database so that it survives restarts and is
-- shared by several nodes: work_due_at is when the order's next step is due (or, while a node
-- holds it, when that node's lease runs out).
ALTER TABLE payment_order ADD COLUMN work_due_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE payment_order ADD COLUMN biller_attempts INT DEFAULT 0 NOT NULL;
ALTER TABLE payment_order ADD COLUMN refund_pending BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE payment_order ADD COLUMN needs_review BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE payment_order ADD COLUMN sof_attached_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX ix_order_work_due ON payment_order (work_due_at);
