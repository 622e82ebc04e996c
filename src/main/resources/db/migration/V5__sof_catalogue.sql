-- The whole SOF catalogue (contract section 5). Every column that holds a SOF type, channel or
-- provider family fits the longest name with room to spare (types such as linkajawco and
-- finpaymoney, channels such as indomaret and posindonesia, families such as onlinebanking):
-- VARCHAR(8) for the channel cut indomaret, and the failed write answered HTTP 500.
ALTER TABLE payment_order ALTER COLUMN sof_type SET DATA TYPE VARCHAR(32);
ALTER TABLE payment_order ALTER COLUMN sof_channel SET DATA TYPE VARCHAR(32);
-- (Until the sandbox had its own Flyway location, db/sandbox, this migration also widened the
-- sandbox's columns; see id.loket.config.SandboxMigrationsMoved.)
