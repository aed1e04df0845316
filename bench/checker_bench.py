"""How long "vérifier vos fournisseurs" takes for 5 000 lines (the issue's maximum), to
choose between a synchronous answer and a background task.

    DATABASE_URL=postgres://… .venv/bin/python bench/checker_bench.py [--suppliers 10000]

Times, on a throwaway database with N suppliers and 2N reference structures: reading a
pasted list and checking it (what the form's POST does), reading a 5 000-line XLSX, and
writing the annotated XLSX. Figures go to bench/results.json under "checker".
"""

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import drop_postgresql, is_postgresql, merge_results, scratch_postgresql, setup_django


def siret(n: int) -> str:
    from stdnum import luhn

    body = f"{n:08d}"
    siren = body + luhn.calc_check_digit(body)
    base = siren + "0001"
    return base + luhn.calc_check_digit(base)


def timed(function, repeat=5) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        runs.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(runs), 1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--suppliers", type=int, default=10_000)
    args = parser.parse_args()
    base_url = os.environ.get("DATABASE_URL", "")
    scratch = scratch_postgresql(base_url, "_bench_checker") if is_postgresql(base_url) else None
    with tempfile.TemporaryDirectory() as var_dir:
        try:
            setup_django(var_dir, scratch)
            from django.core.files.uploadedfile import SimpleUploadedFile
            from django.core.management import call_command

            from common.spreadsheet import xlsx_bytes
            from marche.checker import reading, selectors, services
            from marche.checker.models import Check, ReferenceStructure
            from marche.suppliers.models import Supplier

            call_command("migrate", verbosity=0)
            n = args.suppliers
            Supplier.objects.bulk_create(
                Supplier(siret=siret(10_000_000 + i), slug=f"s-{i}", name=f"Structure {i}", kind="EI") for i in range(n)
            )
            ReferenceStructure.objects.bulk_create(
                ReferenceStructure(siret=s, siren=s[:9], kind="ACI", name=f"Référence {i}")
                for i, s in enumerate(siret(30_000_000 + i) for i in range(2 * n))
            )
            # A realistic mix: a third on the Marché, a third SIRENs of the list, a third unknown or wrong.
            lines = []
            for i in range(5000):
                lines.append(
                    [siret(10_000_000 + i), siret(30_000_000 + i)[:9], siret(60_000_000 + i), "12345678901234"][i % 4]
                )
            pasted = "\n".join(lines)
            workbook = xlsx_bytes(["Nom", "SIRET"], [[f"Fournisseur {i}", line] for i, line in enumerate(lines)])

            check_ms = timed(lambda: services.check_table(reading.from_text(pasted)))
            xlsx_read_ms = timed(lambda: reading.from_upload(SimpleUploadedFile("f.xlsx", workbook)))
            check = Check.objects.order_by("-created_at").first()
            export_ms = timed(
                lambda: xlsx_bytes(
                    [*check.header, *selectors.ANNOTATION_HEADER], selectors.annotated_rows(check, "http://x")
                )
            )
            result = {
                "engine": "postgresql" if scratch else "sqlite",
                "suppliers": n,
                "reference_structures": 2 * n,
                "lines": 5000,
                "paste_and_check_ms": check_ms,
                "read_xlsx_ms": xlsx_read_ms,
                "annotated_xlsx_ms": export_ms,
                "xlsx_bytes": len(io.BytesIO(workbook).getvalue()),
            }
            merge_results({"checker": result})
            print(result)
        finally:
            from django.db import connections

            connections.close_all()
            if scratch:
                drop_postgresql(base_url, scratch)


if __name__ == "__main__":
    main()
