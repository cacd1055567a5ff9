"""Run the security checks (tests/security) and write docs/security.md from the figures they leave.

Usage: .venv/bin/python scripts/security_report.py   (what `make security` runs; `make test` runs it, and its
main pytest run leaves tests/security out, so the checks run once)
Exits with pytest's status, so a failing cell fails the build; the page is written either way.
"""

from __future__ import annotations

import datetime
import json
import os
import subprocess  # runs pytest with a fixed command  # nosec B404
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts" / "security"
PAGE = ROOT / "docs" / "security.md"
COMMAND = [".venv/bin/python", "-m", "pytest", "tests/security", "-q", "-p", "no:logging"]

# The other promises of the security issue: where each stands, and the tests that hold what exists so far.
OTHER_PROMISES = [
    ("4", "Every write and every denied access is audited; only administrators read the audit log",
     "covered. Recorded: every service write (who — a user, or the system with its reason —, what, when, and the "
     "client's address, taken from `X-Forwarded-For` only behind `WIQAYA_TRUSTED_PROXIES`); every 401/403 "
     "answer; every 404 that withholds a record that exists (`access.withheld`, pages and API, while the reader "
     "gets the same 404 as for a missing one); refused workflow moves and plan imports (`access.refused`); failed, "
     "slowed-down and successful logins; every write the admin allows (`tests/test_write_paths.py`). Not "
     "recorded: 404s for records that do not exist, reads that succeed, and the content of passwords or tokens. "
     "An administrator reads who probed what in one view (admin → audit entries → *Who probed what*, "
     "`core/tests/test_probes.py`); the audit log is read-only in the admin, and addresses are blanked after "
     "180 days"),
    ("5", "Sessions and login", "covered by `accounts/tests/test_sessions.py`: new session key at login, idle and "
     "absolute timeouts; after repeated failures each attempt waits longer (2 s, doubling) — up to the whole window "
     "for the address that keeps failing, at most `WIQAYA_LOGIN_ACCOUNT_DELAY_MAX` (30 s) for an account, so "
     "nobody can keep a named user out; optional TOTP for coordinators and administrators, revocable API tokens, "
     "sessions ended when an account is disabled; the language cookie is SameSite=Lax"),
    ("6", "Production settings pass `check --deploy`", "covered: `core/tests/test_core.py` runs "
     "`check --deploy --fail-level WARNING` with the production settings (HTTPS redirect, HSTS with subdomains and "
     "preload, secure session, CSRF and language cookies, SECRET_KEY from the environment or a refusal to start, "
     "DEBUG forced off); a Content Security Policy and a referrer policy are on every response"),
    ("8", "No data loss (backup, restore, drill)", "covered by `core/tests/test_backup.py`: a backup taken while "
     "another process writes restores into a fresh database with 0 mismatches, on SQLite and PostgreSQL"),
    ("9", "Errors tell users what went wrong and attackers nothing (no trace or SQL; bandit clean)",
     "covered: bandit runs in `make lint` and is clean, with the reason for each accepted finding on its line; "
     "with DEBUG off, every answer of the access matrix and of the API fuzzing is searched for a stack trace, an "
     "exception path or SQL (`tests/security/client.py` TRACE_OR_SQL) — see the figures above"),
]


# What the outside security test found, and the tests that hold each fix (issue 11).
FINDINGS_FIXED = [
    ("High", "Importing a private document published parts of it (frameworks, goals, paragraphs, organisations "
     "named in the file; the file's name through a goal link; its URL and warnings in the practice API)",
     "what a private import creates is a proposal seen by the importer's organisation and coordinators until a "
     "coordinator accepts or merges it: `practices/tests/test_proposals.py`, and the access-matrix world's private "
     "document that cites an unknown goal and organisation (`tests/security/world.py`)"),
    ("Medium", "Messages revealed other organisations' hidden records (a document's name by its bytes, a draft by "
     "its name, a plan's status by its place)",
     "duplicates are found among what the actor may see: `documents/tests/test_uploads.py`, "
     "`practices/tests/test_leaks.py`, `plans/tests/test_leaks.py`"),
    ("Medium", "The plan spreadsheet linked other organisations' drafts as practices adapted",
     "only practices the importer may see resolve, hidden and absent read alike: `plans/tests/test_leaks.py`"),
    ("Medium", "A Word decompression bomb took the import worker down",
     "Word files are checked from their zip directory (total, per XML part, ratio, members), PDF streams by "
     "decoding limits, extracted text by size; memory measured while refusing each: `documents/tests/test_bombs.py`"),
    ("Low", "Uploads were read whole into memory before the size check, with no body limit",
     "refused while they stream in (`core/uploads.py`), request bodies capped, no job when every file is refused, "
     "a file refused for what it is not run again: `documents/tests/test_uploads.py`"),
    ("Medium/low", "Denials left no trace", "see promise 4: `core/tests/test_probes.py`, "
     "`accounts/tests/test_sessions.py`"),
    ("Low", "Reviewers' names and comments shown to the public; bidi overrides kept in names; full-width '＝' "
     "and ';=' in CSV; language cookie without SameSite; a named account could be locked out",
     "`practices/tests/test_proposals.py`, `core/tests/test_names.py`, `plans/tests/test_leaks.py`, "
     "`accounts/tests/test_sessions.py`"),
]


def run() -> tuple[int, float]:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for stale in ARTIFACTS.glob("*.json"):
        stale.unlink()
    started = time.monotonic()
    env = os.environ | {"WIQAYA_SECURITY_REPORT": "1"}
    status = subprocess.call(COMMAND, cwd=ROOT, env=env)  # noqa: S603  a fixed command, no outside input  # a fixed command, no outside input  # nosec B603
    return status, time.monotonic() - started


def _load(name: str) -> dict:
    path = ARTIFACTS / name
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def render(status: int, seconds: float) -> str:
    matrix, allow, fuzz = _load("matrix.json"), _load("allowlist.json"), _load("fuzz.json")
    per_role = ", ".join(f"{role} {n}" for role, n in fuzz.get("requests_per_role", {}).items())
    undocumented = ", ".join(f"{code}: {len(ops)}" for code, ops in sorted(fuzz.get("undocumented_status", {}).items()))
    today = datetime.date.today().isoformat()
    verdict = "all checks passed" if status == 0 else f"**pytest exited with status {status}: some checks failed**"
    lines = [
        "# Security: what is checked, and the figures",
        "",
        "Generated by `make security` (which `make test` runs) from `tests/security/`; do not edit by hand.",
        f"Last run: {today}, {seconds:.0f} s, {verdict}. Command: `{' '.join(COMMAND)}` with "
        "`WIQAYA_SECURITY_REPORT=1`, through `scripts/security_report.py`.",
        "",
        "The fixtures hold two look-alike organisations, *Al-Noor Youth Association* (the users' own) and *Al-Noor "
        "Youth Foundation* (the other), each with a draft, an in-review and a published practice, a private and a "
        "public document, import jobs, a public compendium whose imported practices are still drafts, a "
        "published practice imported from a private document, a candidate network membership, a draft local "
        "action plan and an approved plan with a public summary (actions, budgets, indicators, progress updates, "
        "evidence files). Searches (page, API, similar-records panel) are made for the marker text as every role. Every non-public record carries a `LEAK-MARKER-…` string in its name "
        "and text; any 200 answer (page, list, search, API, export, download) that shows a marker to a role that "
        "may not see the record counts as a leak. Expected statuses follow [permissions.md](permissions.md): "
        "another organisation's non-public record answers 404, so its existence is not revealed.",
        "",
        "## Promises covered",
        "",
        "| # | promise | how it is checked | result |",
        "|---|---|---|---|",
        f"| 1 | No cross-organisation access | `tests/security/test_access_matrix.py`: every URL pattern × method × "
        f"role × ownership × record kind, one expected status per cell | {matrix.get('cells', '?')} cells, "
        f"{matrix.get('leaks', '?')} unexpected leaks; {matrix.get('leaks_known', '?')} cells show a known leak "
        f"(below) |",
        f"| 2 | Nothing reachable anonymously but an allow-list | `tests/security/test_url_allowlist.py`: every "
        f"pattern walked from the URLconf needs a rule; anonymous GETs answer 200 only on the allow-list; every "
        f"/admin/ URL sends anonymous readers to a login | {len(allow.get('missing_rules', [])) or 0} patterns "
        f"without a rule, {len(allow.get('anonymous_allowed', []))} names allow-listed |",
        f"| 3 | The API does not break | `tests/security/test_api_fuzz.py`: schemathesis "
        f"{fuzz.get('schemathesis', '?')} generates requests for every operation of `docs/openapi.yaml` "
        f"({fuzz.get('operations', '?')}), as anonymous, partner, national coordinator and administrator, at most "
        f"{fuzz.get('max_examples', '?')} per operation and role, derandomised; checks: no 5xx, documented content "
        f"type, JSON body matches the schema | {fuzz.get('requests', '?')} requests ({per_role or '?'}), "
        f"{fuzz.get('answers_2xx', '?')} success answers validated; {fuzz.get('server_errors', '?')} server errors, "
        f"{fuzz.get('schema_violations', '?')} schema violations, {fuzz.get('traces_or_sql', '?')} answers showing a "
        f"stack trace or SQL; status codes met that the schema does not document (operations per code): "
        f"{undocumented or 'none'} |",
        "",
        "## Figures",
        "",
        "| figure | value |",
        "|---|---|",
        f"| URL patterns walked (language-prefixed pages, API router with format suffixes, admin) | "
        f"{matrix.get('url_patterns', '?')} |",
        f"| URL patterns with a rule | {matrix.get('url_patterns_covered', '?')} |",
        f"| of which Django admin patterns | {allow.get('admin_patterns', '?')} |",
        "| roles | anonymous, partner, local focal point, hub expert, national coordinator, administrator |",
        f"| cells checked (request sent, status asserted) | {matrix.get('cells', '?')} |",
        f"| cells expecting denial (401, 403, 404 or a redirect to a login page) | {matrix.get('denials', '?')} |",
        f"| 200 answers scanned for another organisation's markers | {matrix.get('answers_scanned', '?')} |",
        f"| **leaks** (a marker shown to a role that may not see its record), outside the known bugs below | "
        f"**{matrix.get('leaks', '?')}** |",
        f"| cells showing a known leak (expected failures until it is fixed) | {matrix.get('leaks_known', '?')} |",
        f"| cells failing unexpectedly | {matrix.get('failed', '?')} |",
        f"| cells not run (need the multilingual encoder; covered in `frameworks/tests`) | "
        f"{matrix.get('skipped', '?')} |",
        f"| anonymous GETs sent by the allow-list walk | {allow.get('anonymous_requests', '?')} |",
        f"| cells that answer wrongly today, kept as strict expected failures | {len(matrix.get('known_bugs', []))} |",
        "",
    ]
    if matrix.get("leak_details"):
        lines += ["## Leaks found", ""] + [f"- {item}" for item in matrix["leak_details"]] + [""]
    if matrix.get("known_bug_reasons"):
        lines += [
            "## Known wrong answers (expected failures, `xfail(strict=True)`)",
            "",
            "Each affected cell is an expected failure with the right expectation in `tests/security/matrix.py`; "
            "it turns red once the application is fixed, so that the entry is removed.",
            "",
        ] + [f"- {reason}" for reason in matrix["known_bug_reasons"]] + [""]
    privacy = _load("privacy.json")
    rules = "; ".join(f"{r['name']} ({r['model']}, {r['days']} days, {r['action']})"
                      for r in privacy.get("retention_rules", []))
    lines += [
        "## Promise 7: no profiling of individuals",
        "",
        "| figure | value |",
        "|---|---|",
        f"| models checked for person-identifying fields (names, contact details, ID numbers, birth dates, "
        f"addresses, coordinates, photos, IP addresses, links to an account other than who entered the record) | "
        f"{privacy.get('models_checked', '?')} |",
        f"| **person-identifying fields on community-level models** (`core/tests/test_privacy.py` fails on any) | "
        f"**{privacy.get('person_fields_on_community_models', '?')}** |",
        f"| models allowed to hold data about people (accounts, sessions, tokens, the audit trail) | "
        f"{', '.join(privacy.get('people_models', [])) or '?'} |",
        f"| minimum cell size of published aggregates (`WIQAYA_MIN_CELL_SIZE`; smaller groups are hidden, with a "
        f"complementary cell) | {privacy.get('min_cell_size', '?')} |",
        f"| retention rules, purged daily by the worker (`core/retention.py`, `wiqaya purge`) | {rules or '?'} |",
        "",
    ]
    lines += ["## The other promises", "", "| # | promise | where it stands |", "|---|---|---|"]
    lines += [f"| {n} | {promise} | {status} |" for n, promise, status in OTHER_PROMISES]
    lines += ["", "## Findings of the outside security test: fixed", "", "| severity | finding | fixed, and held by |",
              "|---|---|---|"]
    lines += [f"| {level} | {finding} | {fix} |" for level, finding, fix in FINDINGS_FIXED]
    lines.append("")
    return "\n".join(lines)


def main() -> int:
    status, seconds = run()
    PAGE.write_text(render(status, seconds), encoding="utf-8")
    print(f"wrote {PAGE.relative_to(ROOT)}")
    return status


if __name__ == "__main__":
    sys.exit(main())
