"""Compendium parser: field accuracy and speed on generated compendia, against the same practices laid out clean.

The noisy run renders each document with random extraction noise (running headers, page numbers inside
paragraphs, label variants, glued labels, missing headings, goals run together, hard wraps); the baseline
renders the same practices with none of it. Both are parsed by `practices.compendium.parse_compendium`.
"""

from .accuracy import CLEAN_LAYOUT, FIELDS, measure_accuracy, pdf_accuracy


def add_arguments(parser) -> None:
    parser.add_argument("--practices", type=int, default=500, help="How many practices to generate (default 500).")
    parser.add_argument("--seed", type=int, default=0)


def run(options: dict) -> dict:
    n, seed = options.get("practices", 500), options.get("seed", 0)
    noisy = measure_accuracy(n, seed)
    clean = measure_accuracy(n, seed, layout=CLEAN_LAYOUT)
    for result in (noisy, clean):
        result["practices_per_second"] = round(result["practices_generated"] / max(result["parse_seconds"], 1e-9))
    # Typeset Arabic and mixed PDFs through the import's extraction, and through pypdf alone (the extractor before).
    pdfs = {"wiqaya": pdf_accuracy("wiqaya"), "pypdf": pdf_accuracy("pypdf")}
    return {"benchmark": "parser", "practices": n, "seed": seed, "noisy": noisy, "baseline_clean": clean,
            "arabic_pdfs": pdfs}


def report(result: dict) -> list[str]:
    noisy, clean = result["noisy"], result["baseline_clean"]
    lines = [
        f"Compendium parser on {noisy['practices_generated']} generated practices in {noisy['documents']} documents "
        f"(seed {result['seed']}; {result['machine']['cpus']} CPUs, Python {result['machine']['python']})",
        f"{'':24}{'noisy layout':>14}{'baseline: clean':>18}",
        f"{'overall field accuracy':24}{noisy['overall']:>14.4f}{clean['overall']:>18.4f}",
        f"{'text exact incl. breaks':24}{noisy['text_exact_with_paragraph_breaks']:>14.4f}"
        f"{clean['text_exact_with_paragraph_breaks']:>18.4f}",
        f"{'practice recall':24}{noisy['recall']:>14.4f}{clean['recall']:>18.4f}",
        f"{'practice precision':24}{noisy['precision']:>14.4f}{clean['precision']:>18.4f}",
        f"{'parse time (s)':24}{noisy['parse_seconds']:>14.3f}{clean['parse_seconds']:>18.3f}",
        f"{'practices per second':24}{noisy['practices_per_second']:>14}{clean['practices_per_second']:>18}",
        "per field, whitespace-normalised (noisy / clean):",
    ]
    lines += [f"  {name:22}{noisy['fields'][name]:>10.4f}{clean['fields'][name]:>10.4f}" for name in FIELDS]
    pdfs = result.get("arabic_pdfs")
    if pdfs:
        ours, before = pdfs["wiqaya"], pdfs["pypdf"]
        lines += [
            f"Arabic and mixed PDFs ({ours['documents']} typeset documents, {ours['practices_generated']} practices; "
            "practices/tests/data/pdf)",
            f"{'':24}{'import (PDFium)':>16}{'pypdf alone':>14}",
            f"{'overall field accuracy':24}{ours['overall']:>16.4f}{before['overall']:>14.4f}",
            f"{'practice recall':24}{ours['recall']:>16.4f}{before['recall']:>14.4f}",
            f"{'practice precision':24}{ours['precision']:>16.4f}{before['precision']:>14.4f}",
            f"{'extract + parse (s)':24}{ours['seconds']:>16.3f}{before['seconds']:>14.3f}",
        ]
        lines += [f"  {name:22}{ours['per_document'][name]:>16.4f}{before['per_document'][name]:>14.4f}"
                  for name in ours["per_document"]]
    return lines
