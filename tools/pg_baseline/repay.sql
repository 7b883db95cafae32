-- pgbench custom script: one durable 1-fen repayment per transaction.
-- Each client repays its own loan (loan-<client_id>) so clients never conflict on a balance row;
-- they still all serialise on the chain head, like the single-writer ledger.
-- n is a per-client counter (pgbench keeps variables per client across transactions; the
-- script passes -D n=0), so request ids "r<client>-<n>" are unique without any randomness.
\set n :n + 1
SELECT repay('r' || :client_id || '-' || :n, 'loan-' || :client_id, 1);
