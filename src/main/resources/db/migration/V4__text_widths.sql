-- The contract counts characters (code points); H2 counts UTF-16 units, in which a character
-- outside the Basic Multilingual Plane (an emoji) takes two. Text the Mitra sends gets room for
-- its full length in either count. Items are stored as sent, up to the 1 MiB body limit.
ALTER TABLE payment_order ALTER COLUMN description SET DATA TYPE VARCHAR(254);
ALTER TABLE payment_order ALTER COLUMN customer_id SET DATA TYPE VARCHAR(640);
ALTER TABLE payment_order ALTER COLUMN customer_email SET DATA TYPE VARCHAR(640);
ALTER TABLE payment_order ALTER COLUMN customer_first_name SET DATA TYPE VARCHAR(100);
ALTER TABLE payment_order ALTER COLUMN customer_last_name SET DATA TYPE VARCHAR(100);
ALTER TABLE payment_order ALTER COLUMN meta_data SET DATA TYPE VARCHAR(1998);
ALTER TABLE payment_order ALTER COLUMN bill_sub_id SET DATA TYPE VARCHAR(128);
ALTER TABLE payment_order ALTER COLUMN items_json SET DATA TYPE VARCHAR(2097152);
ALTER TABLE payment_order ALTER COLUMN callback_url SET DATA TYPE VARCHAR(4096);
ALTER TABLE payment_order ALTER COLUMN success_url SET DATA TYPE VARCHAR(4096);
ALTER TABLE payment_order ALTER COLUMN fail_url SET DATA TYPE VARCHAR(4096);
ALTER TABLE payment_order ALTER COLUMN back_url SET DATA TYPE VARCHAR(4096);
ALTER TABLE notification ALTER COLUMN callback_url SET DATA TYPE VARCHAR(4096);
