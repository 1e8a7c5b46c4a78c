"""The import row of run.py: `jrnl-rej import` of a generated 10,000-row CSV into an empty
journal, against a bare loop that reads the same CSV and writes one file per row the way
an atomic writer must (temp file, fsync, rename), timed turn about in the same run."""

from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path

HEADER = ("Application Date,Contact Email,Contact Phone Number,Company Name,Job Title,Job Url,"
          "Resume Name,Question And Answers")  # fmt: skip
COMPANIES = ("Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark", "Wayne", "Tyrell", "Cyberdyne", "Soylent")
ROLES = ("Data Engineer", "Analytics Engineer", "ML Engineer", "Platform Engineer", "Backend Developer")

BARE_WRITE = r"""
import csv, os, sys, tempfile
src, out = sys.argv[1], sys.argv[2]
with open(src, encoding="utf-8-sig", newline="") as f:
    for i, row in enumerate(csv.DictReader(f)):
        text = "---\ncompany: %s\nrole: %s\napplied: %s\n---\n" % (
            row["Company Name"], row["Job Title"], row["Application Date"])
        fd, tmp = tempfile.mkstemp(dir=out, prefix=".x-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as g:
            g.write(text)
            g.flush()
            os.fsync(g.fileno())
        os.replace(tmp, os.path.join(out, "%05d.md" % i))
"""


def linkedin_csv(path: Path, rows: int, seed: int = 16) -> Path:
    """A LinkedIn-shaped Job Applications.csv of `rows` distinct applications, newest first."""
    rnd = random.Random(seed)
    lines = [HEADER]
    for i in range(rows):
        day = 1 + i % 28
        month = 1 + (i // 28) % 10
        company = f"{rnd.choice(COMPANIES)} {i // 50}"
        role = rnd.choice(ROLES)
        hour = 1 + i % 12
        lines.append(f'"{month}/{day}/26, {hour}:05 AM",,,{company},{role},'
                     f"https://www.linkedin.com/jobs/view/{100000 + i}/,cv-{i % 3}.pdf,")  # fmt: skip
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8-sig")
    return path


def measure(table, out: Path, jrnl, timed, env, repeats: int, rows: int = 10_000) -> None:
    """Add the import row (and its baseline) to run.py's table."""
    source = linkedin_csv(out / f"import-{rows}.csv", rows)
    target = out / "import-journal"
    bare_target = out / "import-bare"

    def fresh(folder: Path) -> Path:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        (folder / "jrnl-rej.toml").write_text("", encoding="utf-8")
        return folder

    def imported() -> float:
        return timed(jrnl(fresh(target), "import", str(source)), env.vars(), ok=(0,))

    def bare() -> float:
        return timed([sys.executable, "-c", BARE_WRITE, str(source), str(fresh(bare_target))], ok=(0,))

    imports, bares = [], []
    for _ in range(max(1, repeats // 2)):
        imports.append(imported())
        bares.append(bare())
    made = len(list(target.glob("*.md")))
    if made != rows:
        raise SystemExit(f"import made {made} files of {rows} rows")
    again = timed(jrnl(target, "import", str(source)), env.vars(), ok=(0,))
    table.add("bare loop: read the CSV, write a file per row atomically (baseline)", f"{rows:,} rows", bares)
    table.add("import, LinkedIn CSV into an empty journal", f"{rows:,} rows", imports, bares, 4)
    table.add("import again (every row already there)", f"{rows:,} rows", [again], bares)
    shutil.rmtree(target, ignore_errors=True)
    shutil.rmtree(bare_target, ignore_errors=True)


def main(argv: list[str]) -> int:
    """python benchmarks/import_bench.py 100 /tmp/x.csv: a file to look at;
    python benchmarks/import_bench.py --time [ROWS] [REPEATS]: only the import rows of run.py."""
    if argv[:1] != ["--time"]:
        linkedin_csv(Path(argv[1]), int(argv[0]))
        return 0
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from run import OUT, Env, Table, jrnl, load_average, machine, timed

    rows = int(argv[1]) if len(argv) > 1 else 10_000
    repeats = int(argv[2]) if len(argv) > 2 else 2
    OUT.mkdir(exist_ok=True)
    env, table = Env(), Table()
    print(f"machine: {machine()}; load average {load_average()}", file=sys.stderr)
    try:
        measure(table, OUT, jrnl, timed, env, repeats * 2, rows)
    finally:
        env.close()
    print(f"load average after: {load_average()}", file=sys.stderr)
    print(table.markdown())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
