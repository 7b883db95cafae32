-- Schema for tools/pg_baseline.sh: "a ledger table in PostgreSQL" with the same guarantees as
-- our ledger service. Loaded once into a private, throwaway cluster; safe to re-run.
--
-- Guarantees (each enforced by the database, not by the benchmark client):
--   * a loan balance can never go negative            -> CHECK on loans.outstanding_fen
--   * a repayment is applied at most once per request  -> UNIQUE journal.request_id, plus repay()
--                                                         returning the original sequence on replay
--   * the journal is a gap-free, totally ordered hash  -> single head row locked FOR UPDATE, so
--     chain (sha256) from a fixed genesis                 commits are serialised exactly like a
--                                                         single-writer ledger
--   * every effect is durable once repay() returns     -> fsync/synchronous_commit/full_page_writes
--                                                         on (set by the script, not here)

SET client_min_messages = warning;  -- no "does not exist, skipping" noise on first load

DROP FUNCTION IF EXISTS repay(text, text, bigint);
DROP FUNCTION IF EXISTS entry_hash(bytea, bigint, text, text, bigint, timestamptz);
DROP FUNCTION IF EXISTS epoch_micros(timestamptz);
DROP TABLE IF EXISTS journal, loans, head;

CREATE TABLE loans (
  loan_id         text   PRIMARY KEY,
  outstanding_fen bigint NOT NULL CHECK (outstanding_fen >= 0)
);

CREATE TABLE journal (
  sequence    bigint      PRIMARY KEY,
  request_id  text        NOT NULL UNIQUE,
  loan_id     text        NOT NULL,
  amount_fen  bigint      NOT NULL CHECK (amount_fen > 0),
  prev_hash   bytea       NOT NULL,
  hash        bytea       NOT NULL,
  commit_time timestamptz NOT NULL
);

-- The chain head. "one" is a singleton key so a second row is impossible, which makes
-- SELECT ... FOR UPDATE on it a global commit lock.
CREATE TABLE head (
  one      boolean PRIMARY KEY DEFAULT true CHECK (one),
  sequence bigint  NOT NULL,
  hash     bytea   NOT NULL
);

-- Microseconds since the Unix epoch. extract() returns numeric since PG 14, so this is exact.
CREATE FUNCTION epoch_micros(t timestamptz) RETURNS bigint
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT (extract(epoch FROM t) * 1000000)::bigint $$;

-- hash = sha256(prev_hash || be64(sequence) || be32(len) || request_id || be32(len) || loan_id
--               || be64(amount_fen) || be64(commit_time as epoch micros))
-- Text fields are length-prefixed (byte length, UTF-8) so no two different entries can encode
-- to the same byte string. tools/pg_baseline/verify_chain.py re-implements this independently.
CREATE FUNCTION entry_hash(prev bytea, seq bigint, rid text, lid text, amt bigint, t timestamptz)
RETURNS bytea
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
  SELECT sha256(prev
                || int8send(seq)
                || int4send(octet_length(convert_to(rid, 'UTF8'))) || convert_to(rid, 'UTF8')
                || int4send(octet_length(convert_to(lid, 'UTF8'))) || convert_to(lid, 'UTF8')
                || int8send(amt)
                || int8send(epoch_micros(t)))
$$;

-- Applies one repayment durably and returns its journal sequence; a replay of an already
-- applied request_id returns the original sequence and changes nothing.
-- Runs at READ COMMITTED (the default): every statement below takes a fresh snapshot, which is
-- what makes the re-check after the head lock see a concurrent duplicate that just committed.
CREATE FUNCTION repay(p_request_id text, p_loan_id text, p_amount_fen bigint) RETURNS bigint
LANGUAGE plpgsql
AS $$
DECLARE
  v_seq  bigint;
  v_dup  bigint;
  v_prev bytea;
  v_time timestamptz;
  v_hash bytea;
BEGIN
  IF p_amount_fen IS NULL OR p_amount_fen <= 0 THEN
    RAISE EXCEPTION 'amount_fen must be > 0, got %', p_amount_fen USING ERRCODE = 'check_violation';
  END IF;

  -- Fast path for replays: no need to queue behind the commit lock. As in the ledger, the
  -- same id with a different payload is refused, not replayed.
  SELECT j.sequence INTO v_dup FROM journal j
   WHERE j.request_id = p_request_id AND j.loan_id = p_loan_id AND j.amount_fen = p_amount_fen;
  IF FOUND THEN
    RETURN v_dup;
  END IF;

  -- The commit lock: all writers serialise here, in sequence order.
  SELECT h.sequence, h.hash INTO v_seq, v_prev FROM head h FOR UPDATE;

  -- Re-check under the lock: an identical request that was in flight when we did the fast-path
  -- check has committed by now (it held the lock before us), so we return its sequence instead
  -- of tripping the UNIQUE constraint. The constraint remains as the last line of defence: a
  -- reused id with another payload fails on it (unique_violation).
  SELECT j.sequence INTO v_dup FROM journal j
   WHERE j.request_id = p_request_id AND j.loan_id = p_loan_id AND j.amount_fen = p_amount_fen;
  IF FOUND THEN
    RETURN v_dup;
  END IF;

  -- CHECK (outstanding_fen >= 0) refuses an overpayment and aborts the whole transaction.
  UPDATE loans SET outstanding_fen = outstanding_fen - p_amount_fen WHERE loan_id = p_loan_id;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'unknown loan %', p_loan_id USING ERRCODE = 'no_data_found';
  END IF;

  v_seq  := v_seq + 1;
  -- Taken while holding the lock, so commit_time follows sequence order unless the system
  -- clock steps back (the ledger clamps its commit times; this baseline does not).
  v_time := clock_timestamp();
  v_hash := entry_hash(v_prev, v_seq, p_request_id, p_loan_id, p_amount_fen, v_time);

  INSERT INTO journal (sequence, request_id, loan_id, amount_fen, prev_hash, hash, commit_time)
  VALUES (v_seq, p_request_id, p_loan_id, p_amount_fen, v_prev, v_hash, v_time);
  UPDATE head SET sequence = v_seq, hash = v_hash;
  RETURN v_seq;
END
$$;
