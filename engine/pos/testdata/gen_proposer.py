#!/usr/bin/env python3
"""Self-generated compute_proposer_index examples for engine/pos tests.

NOT official vectors: an independent Python port of consensus-specs
(tag v1.6.1) specs/phase0/beacon-chain.md compute_shuffled_index and
compute_proposer_index, and specs/electra/beacon-chain.md "Modified
compute_proposer_index". Regenerate with:

    python3 gen_proposer.py > proposer_selfgen.json
"""
import hashlib
import json


def h(b):
    return hashlib.sha256(b).digest()


def shuffled_index(index, count, seed, rounds):
    assert index < count
    for r in range(rounds):
        pivot = int.from_bytes(h(seed + r.to_bytes(1, "little"))[0:8], "little") % count
        flip = (pivot + count - index) % count
        position = max(index, flip)
        source = h(seed + r.to_bytes(1, "little") + (position // 256).to_bytes(4, "little"))
        byte = source[(position % 256) // 8]
        bit = (byte >> (position % 8)) % 2
        index = flip if bit else index
    return index


def proposer_phase0(indices, balances, seed, rounds, max_eb=32 * 10**9):
    MAX_RANDOM_BYTE = 2**8 - 1
    i = 0
    total = len(indices)
    while True:
        cand = indices[shuffled_index(i % total, total, seed, rounds)]
        random_byte = h(seed + (i // 32).to_bytes(8, "little"))[i % 32]
        if balances[cand] * MAX_RANDOM_BYTE >= max_eb * random_byte:
            return cand, i + 1
        i += 1


def proposer_electra(indices, balances, seed, rounds, max_eb=2048 * 10**9):
    MAX_RANDOM_VALUE = 2**16 - 1
    i = 0
    total = len(indices)
    while True:
        cand = indices[shuffled_index(i % total, total, seed, rounds)]
        random_bytes = h(seed + (i // 16).to_bytes(8, "little"))
        offset = i % 16 * 2
        random_value = int.from_bytes(random_bytes[offset:offset + 2], "little")
        if balances[cand] * MAX_RANDOM_VALUE >= max_eb * random_value:
            return cand, i + 1
        i += 1


G = 10**9
cases = []
setups = [
    ("phase0", 90, "all-max", [32 * G] * 8, list(range(8))),
    ("phase0", 90, "mixed", [32 * G, 16 * G, 31 * G, 1 * G, 24 * G, 32 * G, 17 * G], list(range(7))),
    ("phase0", 10, "subset", [32 * G, 1 * G, 2 * G, 3 * G, 32 * G, 20 * G, 0, 5 * G, 9 * G, 30 * G], [1, 2, 3, 5, 7, 8, 9]),
    ("phase0", 90, "small", [1 * G, 2 * G, 3 * G, 4 * G], [0, 1, 2, 3]),
    ("electra", 90, "mixed", [32 * G, 2048 * G, 64 * G, 1000 * G, 32 * G, 500 * G], list(range(6))),
    ("electra", 90, "all-32", [32 * G] * 12, list(range(12))),
    ("electra", 10, "subset", [2048 * G, 32 * G, 100 * G, 1 * G, 2048 * G, 33 * G, 700 * G], [0, 2, 3, 5, 6]),
]
for rule, rounds, label, balances, indices in setups:
    for k in range(3):
        seed = h(("proposer-%s-%s-%d" % (rule, label, k)).encode())
        fn = proposer_phase0 if rule == "phase0" else proposer_electra
        prop, iters = fn(indices, balances, seed, rounds)
        cases.append({
            "rule": rule,
            "rounds": rounds,
            "label": label,
            "seed": "0x" + seed.hex(),
            "indices": indices,
            "effective_balances": balances,
            "proposer": prop,
            "iterations": iters,
        })

print(json.dumps({
    "description": "SELF-GENERATED compute_proposer_index examples (not official consensus-spec-tests vectors): "
                   "independent Python port of consensus-specs v1.6.1 phase0 and electra pseudocode; see gen_proposer.py",
    "self_generated": True,
    "cases": cases,
}, indent=1))
