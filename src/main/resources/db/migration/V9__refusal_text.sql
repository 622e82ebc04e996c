-- Why the order's money goes back (a biller's refusal), stored with the refund owed, so the REFUNDED
-- notification says it whichever node, and whichever attempt, gets the provider's confirmation.
ALTER TABLE payment_order ADD COLUMN refusal_text VARCHAR(200);
