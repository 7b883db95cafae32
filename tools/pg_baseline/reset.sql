-- Fresh ledger for one benchmark run: genesis head, :nloans loans of :balance fen each
-- (loan-0 .. loan-<n-1>, matching pgbench's 0-based :client_id). psql variables: nloans, balance.
TRUNCATE journal, loans, head;
INSERT INTO head (sequence, hash) VALUES (0, decode(repeat('00', 32), 'hex'));  -- genesis: 32 zero bytes
INSERT INTO loans (loan_id, outstanding_fen)
  SELECT 'loan-' || i, :balance FROM generate_series(0, :nloans - 1) AS i;
VACUUM ANALYZE journal, loans, head;
-- Every run starts right after a checkpoint, so each pays the same full-page-write cost.
CHECKPOINT;
