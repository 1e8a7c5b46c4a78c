"""Seeded, repeatable journals of N application files, for the benchmarks.

    python benchmarks/generate.py 10000 benchmarks/out/j10k

The same N and seed always give the same bytes. Files sit in year/month folders
and cover what a real search holds: every stage, every status, all three
rejection kinds, check-ins, replies, feedback, tags, bodies from empty to long,
a few non-ISO dates, and a few files with errors (about 1 in 200).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
from datetime import date, timedelta
from pathlib import Path

TODAY = date(2026, 11, 25)  # the reference date every benchmark run uses

FAMOUS = [
    "Acme Corp", "Globex", "Initech", "Umbrella", "Stark Industries", "Wayne Enterprises",
    "Hooli", "Pied Piper", "Vandelay Industries", "Soylent", "Tyrell", "Cyberdyne",
    "Wonka", "Aperture Science", "Black Mesa", "Massive Dynamic", "Oscorp", "Dunder Mifflin",
    "Monsters Inc", "Gringotts", "Nakatomi", "Weyland-Yutani", "Gekko & Co", "Prestige Worldwide",
]  # fmt: skip
PREFIXES = [
    "Blue",
    "North",
    "Bright",
    "Iron",
    "Quiet",
    "Swift",
    "Red",
    "Open",
    "Deep",
    "Green",
    "Silver",
    "First",
    "Little",
    "Grand",
    "Clear",
    "Wild",
    "Prime",
    "Solid",
    "Happy",
    "Lucky",
]
SUFFIXES = [
    "Labs",
    "Systems",
    "Analytics",
    "Works",
    "Cloud",
    "Data",
    "Health",
    "Bank",
    "Logistics",
    "Energy",
    "Media",
    "Robotics",
    "Foods",
    "Games",
    "Bio",
    "Capital",
    "Mobility",
    "Studio",
    "Security",
    "Networks",
]
ROLES = [
    "Data Engineer", "Senior Data Engineer", "Analytics Engineer", "Backend Engineer",
    "Platform Engineer", "Staff Engineer", "Machine Learning Engineer", "SRE",
    "Engineering Manager", "Data Scientist",
]  # fmt: skip
SOURCES = ["referral", "LinkedIn", "company site", "recruiter", "meetup", "Hacker News"]
FEEDBACK = [
    "Wanted deeper Kafka experience",
    "Went with an internal candidate",
    "Looking for more people-management experience",
    "Salary expectations were above the band",
    "Strong interview, but the role was frozen",
    "Needed someone who could start sooner",
]
WORDS = (
    "call went well asked about pipelines team of six on-call rotation remote first "
    "hiring manager seemed rushed follow up next week prepared the story about the migration "
    "salary band not shared yet recruiter friendly they use dbt and airflow long process "
    "take-home exercise system design whiteboard culture chat references"
).split()
BROKEN = [
    # (kind, front matter lines) — each gives an error-level diagnostic
    ("unterminated", ["company: Broken Co", "role: Engineer", "applied: 2026-01-01"]),
    ("bad-yaml", ["company: [unclosed", "role: Engineer", "applied: 2026-01-01"]),
    ("bad-date", ["company: Broken Co", "role: Engineer", "applied: 2026-13-45"]),
    ("relative", ["company: Broken Co", "role: Engineer", "applied: yesterday"]),
    ("missing", ["company: Broken Co", "applied: 2026-02-03"]),
    ("twice", ["company: Broken Co", "company: Again", "role: Engineer", "applied: 2026-02-03"]),
]


def _body(rng: random.Random) -> str:
    shape = rng.random()
    if shape < 0.15:
        return ""
    if shape < 0.95:
        paragraphs = rng.randint(1, 4)
    else:  # a few long diaries of a whole process
        paragraphs = rng.randint(40, 120)
    out = []
    for _ in range(paragraphs):
        out.append(" ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 60))).capitalize() + ".")
    return "\n\n".join(out) + "\n"


def _day(d: date, rng: random.Random, style_rate: float = 0.005) -> str:
    if rng.random() < style_rate:
        return d.strftime("%b %d, %Y")  # a non-ISO date: a warning with a fix
    return d.isoformat()


def application(i: int, rng: random.Random) -> tuple[str, str]:
    """(relative path, file text) of application number i."""
    applied = TODAY - timedelta(days=rng.randint(0, 700))
    if rng.random() < 0.1:  # a few big names get many applications over the years
        company = rng.choice(FAMOUS)
    else:  # a long tail of smaller companies, a few applied to more than once
        company = f"{rng.choice(PREFIXES)} {rng.choice(SUFFIXES)}"
        if rng.random() < 0.9:
            company += f" {rng.randint(1, max(10, i // 3))}"
    role = rng.choice(ROLES)
    slug = "".join(ch if ch.isalnum() else "-" for ch in f"{company}-{role}".lower())
    rel = f"{applied.year}/{applied.month:02d}/{applied.isoformat()}-{slug}-{i}.md"

    if rng.random() < 0.005:
        _kind, lines = BROKEN[i % len(BROKEN)]
        closing = [] if _kind == "unterminated" else ["---"]
        return rel, "\n".join(["---", *lines, *closing, "", _body(rng)])

    lines = [f"company: {company}", f"role: {role}", f"applied: {_day(applied, rng)}"]
    if rng.random() < 0.6:
        lines.append(f"source: {rng.choice(SOURCES)}")
    if rng.random() < 0.3:
        lines.append(f"url: https://example.com/jobs/{i}")
    if rng.random() < 0.4:
        lines.append(f"contact: Person {i % 50}")

    # how far it went: each later stage less likely
    stage_day = applied
    stages = []
    for name, chance in (("screen", 0.35), ("hiring_manager", 0.5), ("final_round", 0.45),
                         ("offer", 0.25)):  # fmt: skip
        if rng.random() >= chance:
            break
        candidate = stage_day + timedelta(days=rng.randint(2, 14))
        if candidate > TODAY:
            break
        stage_day = candidate
        stages.append(name)
        lines.append(f"{name}: {_day(stage_day, rng)}")

    if not stages and rng.random() < 0.3:
        check_in = applied + timedelta(days=rng.randint(7, 20))
        if check_in <= TODAY:
            days = [check_in]
            if rng.random() < 0.1:
                second = check_in + timedelta(days=5)
                if second <= TODAY:
                    days.append(second)
            if rng.random() < 0.5:
                lines.append(f"check_ins: [{', '.join(d.isoformat() for d in days)}]")
            else:
                lines.append("check_ins:")
                lines += [f"  - {d.isoformat()}" for d in days]

    roll = rng.random()
    if "offer" in stages:
        status = rng.choice(["open", "accepted", "declined"])
    elif roll < 0.55:
        status = "rejected"
    elif roll < 0.62:
        status = "withdrawn"
    elif (TODAY - stage_day).days > 60 and rng.random() < 0.8:
        status = "rejected"  # most old applications get closed, as the tool suggests
    else:
        status = "open"
    if status != "open" or rng.random() < 0.5:
        lines.append(f"status: {status}")
    if status == "rejected":
        rejected = stage_day + timedelta(days=rng.randint(1, 25))
        if rejected > TODAY:
            rejected = TODAY
        lines.append(f"rejected: {rejected.isoformat()}")
        if not stages:
            kind = rng.choice(["silent", "form", "form", None])
        else:
            kind = rng.choice(["post_interview", "post_interview", None, "form"])
        if kind:
            lines.append(f"rejection: {kind}")
        if stages and rng.random() < 0.7:
            replied = rejected + timedelta(days=rng.randint(0, 2))
            lines.append(f"replied: {min(replied, TODAY).isoformat()}")
        elif rng.random() < 0.1:
            lines.append("replied: no")
        if stages and rng.random() < 0.4:
            lines.append(f"feedback_asked: {rejected.isoformat()}")
            if rng.random() < 0.6:
                lines.append(f"feedback: {rng.choice(FEEDBACK)}")
        if stages and rng.random() < 0.05:
            lines.append("revisit: never")
    if rng.random() < 0.4:
        tags = rng.sample(["data", "remote", "hybrid", "startup", "fintech", "big-co"], 2)
        lines.append(f"tags: [{', '.join(tags)}]")
    if rng.random() < 0.01:
        lines.append("jrnl-rej-ignore: [next-application]")
    if rng.random() < 0.005:
        lines.append("aplied_via: email")  # an unknown-field warning
    return rel, "\n".join(["---", *lines, "---", "", _body(rng)])


def generate(root: Path, files: int, seed: int = 20261125) -> Path:
    """Write a fresh journal of `files` applications under root (emptied first)."""
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    (root / "jrnl-rej.toml").write_text('index = "INDEX.md"\n', encoding="utf-8")
    (root / "INDEX.md").write_text("# My job search\n\nNotes at the top stay as they are.\n",
                                   encoding="utf-8")  # fmt: skip
    rng = random.Random(seed)
    made: set[str] = set()
    for i in range(files):
        rel, text = application(i, rng)
        if rel in made:  # cannot happen (i is in the name), but stay honest about N
            raise AssertionError(rel)
        made.add(rel)
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
    # fixed mtimes, a day before the run: repeatable, and never "racy" for the cache
    stamp = 1_700_000_000
    for dirpath, _dirs, names in os.walk(root):
        for name in names:
            os.utime(os.path.join(dirpath, name), (stamp, stamp))
    return root


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=20261125)
    args = parser.parse_args(argv)
    generate(args.out, args.files, args.seed)
    print(f"{args.files} files in {args.out}")


if __name__ == "__main__":
    main()
