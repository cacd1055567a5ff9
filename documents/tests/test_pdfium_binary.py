"""PDFium (the `pypdfium2` wheel) runs on a CPU without AVX-512 for what the import does with it.

Unlike the PostgreSQL binaries (tests/test_postgres_binaries.py), `libpdfium.so` does hold AVX-512 instructions:
every one of them sits in a variant that is chosen at run time after asking the CPU (Highway's `N_AVX3*`/
`N_AVX10*` namespaces, libyuv's `*_AVX512*` rows), all in image compositing and conversion, which text extraction
never reaches. This test keeps that true for the wheel installed: any AVX-512 instruction outside such a variant
fails it. docs/decisions/0009-arabic-pdf-extraction.md.
"""

import re
import shutil
import subprocess  # runs objdump on a file of an installed package  # nosec B404
from pathlib import Path

import pytest

from tests.test_postgres_binaries import AVX512

DISPATCHED = re.compile(r"::N_AVX(?:3|10)[A-Z0-9_]*::|_AVX512[A-Z0-9]*\b")


def functions_with_avx512(path: Path) -> dict[str, int]:
    listing = subprocess.run(["objdump", "-d", "--no-show-raw-insn", "-C", str(path)],  # noqa: S603, S607
                             capture_output=True, text=True, check=True).stdout
    found: dict[str, int] = {}
    function = ""
    for line in listing.splitlines():
        if line.endswith(">:") and " <" in line:
            function = line.split(" <", 1)[1][:-2]
        elif AVX512.search(line):
            found[function] = found.get(function, 0) + 1
    return found


def test_libpdfium_avx512_only_in_runtime_dispatched_variants():
    if shutil.which("objdump") is None:
        pytest.fail("objdump is not installed: `make install-test` installs binutils")
    import pypdfium2_raw

    library = Path(pypdfium2_raw.__file__).parent / "libpdfium.so"
    assert library.is_file()
    found = functions_with_avx512(library)
    assert found, "the pattern reads the library (it does hold dispatched AVX-512 variants)"
    undispatched = {name: count for name, count in found.items() if not DISPATCHED.search(name)}
    assert undispatched == {}, f"AVX-512 outside a run-time dispatched variant: {list(undispatched)[:5]}"
