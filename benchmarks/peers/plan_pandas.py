"""Plan scoring and whitespace (kam/plan, #15 item 7) written the way a pandas/numpy expert would,
timed against kam's plan_peer on the same accounts in one run.

    /work/shared/tools/peer-python benchmarks/peers/plan_pandas.py \
        --kam build/release/benchmarks/plan_peer --rows 100000 1000000

For each size it has plan_peer write the plans and the holdings (see plan_peer.cpp), reads them
into numpy arrays and a pandas Series of account ids (not timed), then times, best of --repeat:

- plan scoring, as kam::score_plans with the default plan_config: the same checks (ids non-empty
  and unique, flag and role bits defined, no section dated after the as-of date, objective
  counts >= 0, steps 0-3), then completeness, freshness, the six gap masks, the age of every
  section and the accounts per process step. Vectorised: the eight section flags packed into one
  byte per account (np.packbits), the section weights looked up per mask (256-entry tables, like
  the role weights per mask), no Python loop over accounts.
- whitespace, as kam::whitespace_by_price with smoothing 2: the same checks, the counts per
  account and per offering, the owners and eligible accounts per (peer group, offering) from one
  np.bincount, the smoothed propensity computed once per (group, offering) (the result, as kam's
  group_propensity: NaN where the group has no open cell), gathered for every account to sum open
  value and expected expansion per account (np.einsum). Until #15 both sides also returned the
  N x M propensity of every cell (NaN where not open); kam now returns the (group, offering)
  table instead, and so does this version, so that both compute the same results.

Then it runs plan_peer on the same files (kam's timing, too, covers the call only, not the file
read; a second row per workload times kam's score_plans_into / whitespace_by_price_into, which
reuse the result's storage, where the first, like pandas, allocates fresh results every call), reads every result array kam
wrote and asserts agreement: counts, masks and ages exactly; completeness, freshness,
penetrations, propensities and values to 1e-12 relative (NaN in the same cells). It prints a
markdown table: accounts, workload, pandas s, kam s, speed-up, max difference of results.
Both sides run on one thread (Debian's numpy links the reference BLAS), except a third
whitespace row: kam with whitespace_options::threads = 0 (one per hardware thread), whose result
plan_peer checks is the single-threaded one bit for bit.
"""

import argparse
import os
import re
import subprocess
import tempfile
import time

import numpy as np
import pandas as pd

NO_DATE = np.int32(-(2**31))
SECTIONS = 8

# kam::plan_config's defaults
SECTION_WEIGHTS = np.ones(SECTIONS)
CUSTOMER_ROLE_WEIGHTS = np.array([1, 0.5, 1, 0.5, 0.5, 0.5])
TEAM_ROLE_WEIGHTS = np.array([1, 0.5, 0, 0, 0, 0])
OBJECTIVES_WEIGHT = 0.5
REVIEW_INTERVAL_DAYS = 90
SMOOTHING = 2.0


# ---------------------------------------------------------------------------- files
def read_plans(path):
    with open(path, "rb") as f:
        assert f.read(8) == b"KAMPLv1\0"
        n, today = (int(v) for v in np.frombuffer(f.read(16), dtype="<i8"))
        ids = np.frombuffer(f.read(12 * n), dtype="S12")
        flags = np.frombuffer(f.read(SECTIONS * n), dtype="u1").reshape(n, SECTIONS)
        updated = np.frombuffer(f.read(4 * SECTIONS * n), dtype="<i4").reshape(n, SECTIONS)
        customer = np.frombuffer(f.read(n), dtype="u1")
        team = np.frombuffer(f.read(n), dtype="u1")
        objectives = np.frombuffer(f.read(4 * n), dtype="<i4")
        step = np.frombuffer(f.read(n), dtype="u1")
    # ids as a CRM export read with pandas would hold them: a Series of Python strings
    account = pd.Series(ids.astype(str), dtype=object)
    return dict(account=account, flags=flags, updated=updated, customer=customer, team=team,
                objectives=objectives, step=step, today=today)


def read_plan_scores(path, n):
    with open(path, "rb") as f:
        out = dict(completeness=np.frombuffer(f.read(8 * n), "<f8"),
                   freshness=np.frombuffer(f.read(8 * n), "<f8"))
        for k in ("missing_sections", "unowned_sections", "stale_sections",
                  "missing_customer_roles", "missing_team_roles", "missing_objectives"):
            out[k] = np.frombuffer(f.read(n), "u1")
        ages = np.frombuffer(f.read(4 * SECTIONS * n), "<i4")
        out["section_age_days"] = ages.reshape(n, SECTIONS)
        out["step_counts"] = np.frombuffer(f.read(32), "<i8")
    return out


def read_holdings(path):
    with open(path, "rb") as f:
        assert f.read(8) == b"KAMWSv1\0"
        n, m, g = (int(v) for v in np.frombuffer(f.read(24), dtype="<i8"))
        price = np.frombuffer(f.read(8 * m), dtype="<f8")
        cells = np.frombuffer(f.read(n * m), dtype="u1").reshape(n, m)
        label = np.frombuffer(f.read(8 * n), dtype="<i8")
    offerings = [f"offering-{j}" for j in range(m)]
    return dict(offerings=offerings, cells=cells, label=label, groups=g, price=price)


def read_whitespace(path, n, m):
    with open(path, "rb") as f:
        def arr(dtype, count):
            return np.frombuffer(f.read(8 * count), dtype)
        out = {k: arr("<i8", n) for k in ("owned", "pipeline", "open", "eligible")}
        out["account_penetration"] = arr("<f8", n)
        out["offering_owners"] = arr("<i8", m)
        out["offering_eligible"] = arr("<i8", m)
        out["offering_penetration"] = arr("<f8", m)
        out["offering_value"] = arr("<f8", m)
        groups = arr("<i8", 1)[0]
        # kam's group_propensity, column-major
        out["group_propensity"] = arr("<f8", groups * m).reshape(m, groups).T
        out["open_value"] = arr("<f8", n)
        out["expected_expansion"] = arr("<f8", n)
    return out


# ---------------------------------------------------------------------------- plan scoring
def weights_by_mask(weights):
    """The weight of every mask of len(weights) bits: one lookup per account, no loop."""
    bits = (np.arange(1 << len(weights))[:, None] >> np.arange(len(weights))) & 1
    return bits @ weights


SECTION_BY_MASK = weights_by_mask(SECTION_WEIGHTS)
CUSTOMER_BY_MASK = weights_by_mask(CUSTOMER_ROLE_WEIGHTS)
TEAM_BY_MASK = weights_by_mask(TEAM_ROLE_WEIGHTS)
TOTAL_WEIGHT = (SECTION_WEIGHTS.sum() + CUSTOMER_ROLE_WEIGHTS.sum() + TEAM_ROLE_WEIGHTS.sum()
                + OBJECTIVES_WEIGHT)
NEED_CUSTOMER = np.uint8(sum(1 << r for r, w in enumerate(CUSTOMER_ROLE_WEIGHTS) if w > 0))
NEED_TEAM = np.uint8(sum(1 << r for r, w in enumerate(TEAM_ROLE_WEIGHTS) if w > 0))


def score_plans(account, flags, updated, customer, team, objectives, step, today):
    """kam::score_plans with the default plan_config, checks included."""
    if len(account) == 0:
        raise ValueError("no plans to score")
    if (account == "").any():
        raise ValueError("an account id is empty")
    if not account.is_unique:  # a Series: computed each call (an Index would cache it)
        raise ValueError("duplicate account ids")
    if (flags & ~np.uint8(3)).any():
        raise ValueError("section flags with undefined bits")
    if (updated > today).any():  # NO_DATE is the smallest int32, never after today
        raise ValueError("a section updated after the as-of date")
    if (customer >> 6).any() or (team >> 6).any():
        raise ValueError("an unknown role")
    if (objectives < 0).any() or (step > 3).any():
        raise ValueError("a negative objective count or an unknown step")

    content = (flags & 1).astype(bool)
    dated = content & (updated != NO_DATE)
    age = np.where(dated, today - updated, np.int32(-1))
    fresh = dated & (age <= REVIEW_INTERVAL_DAYS)
    content_mask = np.packbits(content, axis=1, bitorder="little").ravel()
    owner_mask = np.packbits(flags & 2, axis=1, bitorder="little").ravel()
    fresh_mask = np.packbits(fresh, axis=1, bitorder="little").ravel()
    written = SECTION_BY_MASK[content_mask]
    has_objectives = objectives > 0
    have = written + (CUSTOMER_BY_MASK[customer] + TEAM_BY_MASK[team])
    have += np.where(has_objectives, OBJECTIVES_WEIGHT, 0.0)
    fresh_weight = SECTION_BY_MASK[fresh_mask]
    freshness = np.divide(fresh_weight, written, out=np.zeros_like(written), where=written > 0)
    return dict(
        completeness=have / TOTAL_WEIGHT,
        freshness=freshness,
        missing_sections=~content_mask,
        unowned_sections=content_mask & ~owner_mask,
        stale_sections=content_mask & ~fresh_mask,
        missing_customer_roles=NEED_CUSTOMER & ~customer,
        missing_team_roles=NEED_TEAM & ~team,
        missing_objectives=(~has_objectives).view(np.uint8) if OBJECTIVES_WEIGHT > 0
        else np.zeros(len(objectives), np.uint8),
        section_age_days=age,
        step_counts=np.bincount(step, minlength=4),
    )


# ---------------------------------------------------------------------------- whitespace
OPEN, OWNED, PIPELINE, NOT_ELIGIBLE = 0, 1, 2, 3
STATE_COUNTER = np.array([1 << (16 * k) for k in range(4)], dtype=np.uint64)


def whitespace_by_price(offerings, cells, label, groups, price, smoothing=SMOOTHING):
    """kam::whitespace_by_price, checks included."""
    n, m = cells.shape
    if m == 0 or n == 0:
        raise ValueError("no offerings or no accounts")
    if m >= 1 << 16:
        raise ValueError("the packed state counters below take at most 65535 offerings")
    if len(set(offerings)) != m or "" in offerings:
        raise ValueError("an empty or repeated offering name")
    if (cells > NOT_ELIGIBLE).any():
        raise ValueError("a cell state that is not a cell_state")
    if len(label) != n or len(price) != m:
        raise ValueError("labels or prices of another length")
    if label.min() < 0 or label.max() >= groups:
        raise ValueError("a peer-group label outside [0, G)")
    if not np.isfinite(price).all() or (price < 0).any():
        raise ValueError("a price that is not finite or negative")

    # accounts per (peer group, offering, state) in one pass over the cells
    key = (label * (m * 4))[:, None] + (np.arange(m) * 4)[None, :] + cells
    by_group = np.bincount(key.ravel(), minlength=groups * m * 4).reshape(groups, m, 4)
    group_owners = by_group[:, :, OWNED]
    group_eligible = by_group[:, :, :NOT_ELIGIBLE].sum(axis=2)
    offering_owners = group_owners.sum(axis=0)
    offering_eligible = group_eligible.sum(axis=0)
    offering_penetration = np.divide(offering_owners, offering_eligible,
                                     out=np.zeros(m), where=offering_eligible > 0)

    # states per account: one 16-bit counter per state packed in a uint64 (m < 65536), summed
    # over the offerings in one reduction
    packed = STATE_COUNTER[cells].sum(axis=1, dtype=np.uint64)
    owned, pipeline, open_, not_eligible = (
        ((packed >> np.uint64(16 * k)) & np.uint64(0xFFFF)).astype(np.int64)
        for k in (OWNED, PIPELINE, OPEN, NOT_ELIGIBLE))
    eligible = m - not_eligible
    account_penetration = np.divide(owned, eligible, out=np.zeros(n), where=eligible > 0)

    # every open cell of a group has the same peers (the group's eligible accounts but itself):
    # the smoothed propensity once per (group, offering), then gathered for every account
    peers = group_eligible - 1
    with np.errstate(divide="ignore", invalid="ignore"):
        q = (group_owners + smoothing * offering_penetration) / (peers + smoothing)
    q = np.where(peers + smoothing > 0, q, offering_penetration)
    is_open = cells == OPEN
    open_value = np.einsum("ij,j->i", is_open, price)
    expected_expansion = np.einsum("ij,ij,j->i", is_open, np.take(q, label, axis=0), price)
    group_propensity = np.where(by_group[:, :, OPEN] > 0, q, np.nan)
    return dict(owned=owned, pipeline=pipeline, open=open_, eligible=eligible,
                account_penetration=account_penetration, offering_owners=offering_owners,
                offering_eligible=offering_eligible, offering_penetration=offering_penetration,
                offering_value=np.asarray(price, dtype=float), group_propensity=group_propensity,
                open_value=open_value, expected_expansion=expected_expansion)


# ---------------------------------------------------------------------------- comparison
def max_difference(ours, kam):
    """The largest relative difference of the float results (NaN where the other has NaN);
    asserts exact agreement of every integer result."""
    worst = 0.0
    for k, a in ours.items():
        b = kam[k]
        a = np.asarray(a)
        assert a.shape == b.shape, (k, a.shape, b.shape)
        if a.dtype.kind == "f":
            nan = np.isnan(a)
            assert (nan == np.isnan(b)).all(), f"{k}: NaN in different places"
            diff = np.abs(a[~nan] - b[~nan]) / np.maximum(np.abs(b[~nan]), 1e-300)
            worst = max(worst, float(diff.max(initial=0.0)))
        else:
            assert (a.astype(np.int64) == b.astype(np.int64)).all(), f"{k} differs"
    assert worst <= 1e-12, f"results differ by {worst:.1e}"
    return worst


def best_of(repeat, call):
    best, out = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        out = call()
        best = min(best, time.perf_counter() - start)
    return best, out


# numpy advises transparent huge pages for its large arrays (numpy.core.multiarray's
# _get_madvise_hugepage(), on by default on Linux), so a fresh result costs it one page fault per
# 2 MiB; glibc's malloc, which kam's Eigen vectors use, does so only when asked, with this tunable.
# The rows "with huge pages" run kam so, to compare fresh results on the same footing.
HUGE_PAGES = "glibc.malloc.hugetlb=1"


def run_kam(kam, command, path, out, repeat, huge_pages=False):
    env = dict(os.environ, GLIBC_TUNABLES=HUGE_PAGES) if huge_pages else None
    text = subprocess.run([kam, command, path, "--repeat", str(repeat), "--out", out],
                          check=True, capture_output=True, text=True, env=env).stdout
    return {k: float(v) for k, v in re.findall(r"((?:seconds\w*)|threads)=([0-9.]+)", text)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kam", required=True)
    ap.add_argument("--rows", type=int, nargs="+", default=[100000])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    print(f"numpy {np.__version__}, huge pages advised for large arrays: "
          f"{np.core.multiarray._get_madvise_hugepage()}\n")
    print("| accounts | workload | pandas s | kam s | kam speed-up | max rel. diff of results |")
    print("|---:|---|---:|---:|---:|---:|")
    for n in args.rows:
        with tempfile.TemporaryDirectory() as tmp:
            plans, holdings, out = (os.path.join(tmp, f) for f in ("p.bin", "h.bin", "o.bin"))
            for command, path in (("write-plans", plans), ("write-whitespace", holdings)):
                subprocess.run([args.kam, command, path, "--rows", str(n)], check=True,
                               capture_output=True)

            data = read_plans(plans)
            t, ours = best_of(args.repeat, lambda: score_plans(**data))
            del data
            kam = run_kam(args.kam, "run-plans", plans, out, args.repeat)
            diff = max_difference(ours, read_plan_scores(out, n))
            huge = run_kam(args.kam, "run-plans", plans, out, args.repeat, huge_pages=True)
            del ours
            for name, seconds in (("plan scoring", kam["seconds"]),
                                  ("plan scoring, kam reusing storage (`score_plans_into`)",
                                   kam["seconds_into"]),
                                  (f"plan scoring, kam with huge pages (`{HUGE_PAGES}`)",
                                   huge["seconds"])):
                print(f"| {n} | {name} | {t:.3f} | {seconds:.3f} | {t / seconds:.1f}x "
                      f"| {diff:.1e} |", flush=True)

            data = read_holdings(holdings)
            m = data["cells"].shape[1]
            t, ours = best_of(args.repeat, lambda: whitespace_by_price(**data))
            del data
            kam = run_kam(args.kam, "run-whitespace", holdings, out, args.repeat)
            diff = max_difference(ours, read_whitespace(out, n, m))
            huge = run_kam(args.kam, "run-whitespace", holdings, out, args.repeat, huge_pages=True)
            del ours
            for name, seconds in ((f"whitespace, {m} offerings", kam["seconds"]),
                                  (f"whitespace, {m} offerings, kam reusing storage "
                                   "(`whitespace_by_price_into`)", kam["seconds_into"]),
                                  (f"whitespace, {m} offerings, kam on {int(kam['threads'])} "
                                   "threads (`threads = 0`)", kam["seconds_threads"]),
                                  (f"whitespace, {m} offerings, kam with huge pages "
                                   f"(`{HUGE_PAGES}`)", huge["seconds"])):
                print(f"| {n} | {name} | {t:.3f} | {seconds:.3f} | {t / seconds:.1f}x "
                      f"| {diff:.1e} |", flush=True)


if __name__ == "__main__":
    main()
