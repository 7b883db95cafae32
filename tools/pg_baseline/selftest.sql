-- Single-session checks of the guarantees, run once by tools/pg_baseline.sh right after the
-- schema is loaded and the ledger reset with loans of 100 fen. Any failed ASSERT aborts the script.
-- (The concurrent-duplicate case needs two sessions; the script does that one itself.)
DO $$
DECLARE
  s1 bigint;
  s2 bigint;
BEGIN
  s1 := repay('selftest-1', 'loan-0', 40);
  s2 := repay('selftest-1', 'loan-0', 40);
  ASSERT s1 = s2, 'replay returned a different sequence';
  ASSERT (SELECT outstanding_fen FROM loans WHERE loan_id = 'loan-0') = 60, 'replay had a second effect';
  BEGIN
    PERFORM repay('selftest-1', 'loan-0', 41);  -- the same id, another payload
    RAISE EXCEPTION 'a reused request id with another payload was accepted';
  EXCEPTION WHEN unique_violation THEN NULL;
  END;

  BEGIN
    PERFORM repay('selftest-2', 'loan-0', 61);
    RAISE EXCEPTION 'overpayment was accepted';
  EXCEPTION WHEN check_violation THEN NULL;  -- outstanding_fen >= 0 refused it
  END;
  BEGIN
    PERFORM repay('selftest-3', 'loan-0', 0);
    RAISE EXCEPTION 'zero amount was accepted';
  EXCEPTION WHEN check_violation THEN NULL;
  END;
  BEGIN
    PERFORM repay('selftest-4', 'no-such-loan', 1);
    RAISE EXCEPTION 'unknown loan was accepted';
  EXCEPTION WHEN no_data_found THEN NULL;
  END;

  ASSERT (SELECT outstanding_fen FROM loans WHERE loan_id = 'loan-0') = 60, 'a refused repayment had an effect';
  ASSERT (SELECT count(*) FROM journal) = 1, 'a refused repayment was journaled';
  ASSERT (SELECT sequence FROM head) = 1, 'head did not advance exactly once';
  -- An exactly-zero balance is allowed.
  PERFORM repay('selftest-5', 'loan-0', 60);
  ASSERT (SELECT outstanding_fen FROM loans WHERE loan_id = 'loan-0') = 0, 'paying off to zero failed';
END
$$;
