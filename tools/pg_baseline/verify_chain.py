#!/usr/bin/env python3
"""Recomputes the journal hash chain from genesis, independently of the SQL entry_hash().

Reads the journal on stdin, one row per line, tab-separated and ordered by sequence:
  sequence  prev_hash_hex  hash_hex  request_id_utf8_hex  loan_id_utf8_hex  amount_fen  commit_micros
(text fields arrive hex-encoded so nothing in them can break the line format).
argv: head_sequence head_hash_hex. Prints "chain_check=ok rows=N" or exits 1 with the first fault.
"""
import hashlib
import struct
import sys


def fail(msg):
    print(f"chain_check=FAIL {msg}")
    sys.exit(1)


def main():
    head_seq, head_hash = int(sys.argv[1]), bytes.fromhex(sys.argv[2])
    running = bytes(32)  # genesis
    expected_seq = 0
    for line in sys.stdin:
        seq_s, prev_h, hash_h, rid_h, lid_h, amt_s, micros_s = line.rstrip("\n").split("\t")
        seq, prev, stored = int(seq_s), bytes.fromhex(prev_h), bytes.fromhex(hash_h)
        rid, lid = bytes.fromhex(rid_h), bytes.fromhex(lid_h)
        expected_seq += 1
        if seq != expected_seq:
            fail(f"gap: expected sequence {expected_seq}, found {seq}")
        if prev != running:
            fail(f"sequence {seq}: prev_hash does not match the hash of sequence {seq - 1}")
        # Same encoding as entry_hash() in schema.sql: big-endian, byte-length-prefixed text.
        msg = (prev + struct.pack(">q", seq)
               + struct.pack(">i", len(rid)) + rid
               + struct.pack(">i", len(lid)) + lid
               + struct.pack(">q", int(amt_s)) + struct.pack(">q", int(micros_s)))
        if hashlib.sha256(msg).digest() != stored:
            fail(f"sequence {seq}: stored hash does not recompute")
        running = stored
    if expected_seq != head_seq or running != head_hash:
        fail(f"head ({head_seq}) does not match the end of the chain ({expected_seq})")
    print(f"chain_check=ok rows={expected_seq}")


if __name__ == "__main__":
    main()
