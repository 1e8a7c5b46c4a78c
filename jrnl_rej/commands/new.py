"""`jrnl-rej new COMPANY ROLE`: start an application file, named after the day, company and role.

It writes through `writer.write_atomic` and never overwrites a file. `--applied` may be
words (`yesterday`, `last friday`), read against --today; the file gets YYYY-MM-DD.
"""

from __future__ import annotations

import os
import re
import unicodedata
from datetime import date
from pathlib import Path

import click

from ..core.errors import JrnlError
from ..core.text import clean, same_key
from ..journal.edit import yaml_scalar

SLUG_PART_MAX = 40  # characters of the company and of the role in a file name
SLUG_PART_BYTES = 100  # and their UTF-8 bytes: a file name stays well under 255 bytes
# Latin letters that NFKD does not split into a base letter and an accent.
_LETTERS = str.maketrans({
    "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ß": "ss", "đ": "d",
    "Đ": "D", "ł": "l", "Ł": "L", "þ": "th", "Þ": "TH", "ð": "d", "Ð": "D", "ı": "i",
})  # fmt: skip


# -- new -----------------------------------------------------------------------------------------


def _latin(char: str) -> str:
    """A Latin letter as ASCII ('é' -> 'e', 'ß' -> 'ss'); '' for one that has no ASCII form."""
    decomposed = unicodedata.normalize("NFKD", char.translate(_LETTERS))
    return decomposed.encode("ascii", "ignore").decode("ascii")


def _slug_chars(text: str):
    """The characters of a slug, with ' ' where words part: Latin letters as ASCII (names
    stay the ones people type in a shell), every other script's letters, digits and marks
    kept as they are, lower-cased; control, format (bidi, zero-width) and other characters
    dropped or turned into a word break."""
    for char in unicodedata.normalize("NFKC", text):  # NFKC: fullwidth 'Ａ', 'ﬁ' as plain letters; NFC form
        category = unicodedata.category(char)
        if category[0] == "C":  # control, format (bidi marks), unassigned, private use
            continue
        if char.isascii():
            yield char.lower() if char.isalnum() else " "
        elif category[0] == "L" and unicodedata.name(char, "").startswith("LATIN"):
            yield _latin(char).lower() or " "
        elif category[0] in "LM" or category == "Nd":
            yield char.lower()
        else:
            yield " "


def _cut(word: str, limit: int) -> str:
    """The start of a word that fits the limits, not ending inside a letter and its marks."""
    out = word[:limit]
    while out and len(out.encode("utf-8")) > SLUG_PART_BYTES:
        out = out[:-1]
    while len(out) < len(word) and out and unicodedata.category(word[len(out)])[0] == "M":
        out = out[:-1]
    return out


def _no_leading_marks(word: str) -> str:
    """A word without the accents left of a letter that was dropped (they would float)."""
    start = 0
    while start < len(word) and unicodedata.category(word[start])[0] == "M":
        start += 1
    return word[start:]


def slug(text: str, limit: int = SLUG_PART_MAX) -> str:
    """Lower-case words joined by hyphens, safe in a path: 'Société Générale' ->
    'societe-generale', '株式会社メルカリ' -> '株式会社メルカリ', 'Δέλτα' -> 'δέλτα'.

    Latin accents are dropped, other scripts are kept (NFC), anything that is not a letter
    or digit separates words, and a long result is cut at a word boundary.
    """
    words = [_no_leading_marks(w) for w in "".join(_slug_chars(text)).split()]
    out = ""
    for word in filter(None, words):
        candidate = f"{out}-{word}" if out else word
        if len(candidate) > limit or len(candidate.encode("utf-8")) > SLUG_PART_BYTES:
            if not out:
                out = _cut(word, limit)
            break
        out = candidate
    return out


def file_name(applied: date, company: str, role: str) -> str:
    """`YYYY-MM-DD-company-role.md`; 'application' when neither name has a letter or digit to use."""
    parts = [p for p in (slug(company), slug(role)) if p]
    return f"{applied.isoformat()}-{'-'.join(parts) or 'application'}.md"


def _one_line(name: str, value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if not value:
        if name in ("company", "role"):
            raise JrnlError(f'{name} is empty; give the {name} in quotes, for example "Acme Corp"')
        return None
    if any(ch in value for ch in "\r\n\x85\u2028\u2029"):
        raise JrnlError(f"{name} must be one line")
    return value


TEMPLATE = "templates/application.md"  # the journal's own notes layout for new files
DEFAULT_BODY = "## Why this role\n\n\n## Conversations\n\n\n## What I would do differently\n\n"


def template_body(root) -> str | None:
    """The notes part (below the front matter) of the journal's templates/application.md,
    or None when there is none. Its front matter is an example for people, never copied:
    a new file's front matter is always written from what `new` is given."""
    from ..journal.writer import is_inside, read_regular

    path = Path(root) / TEMPLATE
    if not os.path.lexists(path):
        return None
    if not is_inside(root, path):
        raise JrnlError(f"{TEMPLATE}: it links outside the journal; not reading it")
    try:
        text = read_regular(path, 1024 * 1024).decode("utf-8-sig").replace("\r\n", "\n")
    except OSError as exc:
        raise JrnlError(f"{TEMPLATE}: cannot read it: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise JrnlError(f"{TEMPLATE}: not UTF-8 text; save it as UTF-8") from None
    if text.startswith("---\n"):
        close = re.search(r"^(---|\.\.\.)[ \t]*$\n?", text[4:], re.M)
        text = text[4 + close.end():] if close else ""
    return text


def fill_body(body: str | None, company: str, role: str, applied: date) -> str | None:
    """The template's notes with $company, $role and $applied filled in (`$$` is a `$`)."""
    if body is None:
        return None
    from string import Template

    return Template(body).safe_substitute(company=company, role=role, applied=applied.isoformat())


def application_text(company: str, role: str, applied: date, source: str | None = None,
                     url: str | None = None, contact: str | None = None, *,
                     fields: dict | None = None, notes: str = "", body: str | None = None) -> str:  # fmt: skip
    """A new application file: the front matter, then headings for notes (`body`: the
    journal's template's notes, filled, instead of the built-in headings).

    `fields` adds other keys of SPEC §2 (dates, `status`, lists of text or dates), written
    in the order of §2; `notes` goes at the end of the body (what `import` keeps of a row).
    """
    from ..core.model import KNOWN_FIELDS

    values = {"company": company, "role": role, "applied": applied, "source": source,
              "url": url, "contact": contact, "status": "open", **(fields or {})}  # fmt: skip
    lines = ["---"]
    for key in KNOWN_FIELDS:
        value = values.get(key)
        if value is not None and value != "" and value != ():
            lines.append(f"{key}: {_yaml_value(value)}")
    lines.append("---")
    text = "\n".join(lines) + "\n" + (DEFAULT_BODY if body is None else body)
    if not text.endswith("\n"):
        text += "\n"
    return f"{text}\n{notes.rstrip()}\n" if notes.strip() else text


# Text that YAML reads as itself, written plain without asking the YAML readers (which
# takes a millisecond a value: `import` writes thousands): ASCII words and URLs that start
# with a letter, hold no `: `, ` #` or quote, do not end in `:`, and are no YAML 1.1 word
# (URLs only outside a flow list, where `?` and `,` would mean something).
_PLAIN_WORDS = re.compile(r"[A-Za-z][A-Za-z0-9 .&()/_+-]*[A-Za-z0-9.)]|[A-Za-z]")
_PLAIN_URL = re.compile(r"https?://[A-Za-z0-9._~/?=&%+@!$;,()-]*[A-Za-z0-9/_=&%+-]")
_YAML_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}


def _yaml_value(value, flow: bool = False) -> str:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_yaml_value(v, flow=True) for v in value) + "]"
    text = str(value)
    plain = _PLAIN_WORDS.fullmatch(text) if flow else _PLAIN_WORDS.fullmatch(text) or _PLAIN_URL.fullmatch(text)
    if plain and "  " not in text and text.casefold() not in _YAML_WORDS and not (flow and "," in text):
        return text
    return yaml_scalar(text, flow=flow)


def _parse_date(words: str, session, what: str, ahead: bool = False) -> date:
    from ..core.dates import parse_when

    try:
        return parse_when(words, session.today, session.config.date_order, ahead)
    except ValueError as exc:
        raise JrnlError(f"{what}: {exc}") from None


def run(session, company: str, role: str, when: str = "today", source: str | None = None,
            url: str | None = None, contact: str | None = None) -> int:  # fmt: skip
    """Create the application file in the journal root and print its path."""
    from ..reading.reader import read_text

    company = _one_line("company", company)
    role = _one_line("role", role)
    source, url, contact = (_one_line(k, v) for k, v in (("source", source), ("url", url),
                                                         ("contact", contact)))  # fmt: skip
    applied = _parse_date(when or "today", session, "--applied")
    if applied > session.today:
        raise JrnlError(f"applied is in the future ({applied}; today is {session.today}); "
                        "create the file once you have applied")  # fmt: skip

    name = file_name(applied, company, role)
    body = fill_body(template_body(session.root), company, role, applied)
    text = application_text(company, role, applied, source, url, contact, body=body)
    # The file must read back as what was asked for, before anything is written.
    check = read_text(name, text, False, session.config.date_order)
    app = check.application
    if app.has_errors or (app.company, app.role, app.applied) != (company, role, applied):
        raise JrnlError("the new file would not read back as written; nothing was written")

    duplicates = _same_application(session, company, role, applied)
    same_day = {other for other, gap in duplicates if gap == 0}
    number = 1
    while True:  # the name, else name-2, name-3 ...: two applications never share a file
        shown = session.shown(name)
        if os.path.lexists(session.root / name):
            if name in same_day or not _is_application(session, name):
                raise JrnlError(f"{shown} already exists; nothing was written. Open it, or log what "
                                f"happened: jrnl-rej log {session.command_path(name)} EVENT")  # fmt: skip
        else:
            try:
                create_file(session.root / name, text, shown)
                break
            except FileExistsError:  # made since we looked: look again
                continue
        number += 1
        name = f"{file_name(applied, company, role)[:-3]}-{number}.md"

    click.echo(clean(shown))
    for other, gap in duplicates:
        when_words = "on the same day" if gap == 0 else f"{gap} day{'s' if gap > 1 else ''} apart"
        click.echo(f"Note: {clean(other)} is the same company and role (applied {when_words}). "
                   "If it is the same application, keep one file and move the notes there.",
                   err=True)  # fmt: skip
    click.echo(f"Open it and add what you know. When something happens: "
               f"jrnl-rej log {clean(session.command_path(name))} screen", err=True)  # fmt: skip
    return 0


def create_file(path: Path, text: str, shown: str) -> None:
    """Write a new file at `path` (never over one): the name is claimed first (O_EXCL), so
    that two runs cannot both create it, then filled atomically. Raises FileExistsError
    when the name is taken, JrnlError when it cannot be created; Ctrl-C leaves no empty file."""
    from ..journal.writer import write_atomic

    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except FileExistsError:
        raise
    except OSError as exc:
        raise JrnlError(f"cannot create {shown}: {exc.strerror or exc}") from None
    os.close(fd)
    try:
        write_atomic(path, text.encode("utf-8"))
    except BaseException:
        try:
            if path.stat().st_size == 0:
                path.unlink()
        except OSError:
            pass
        raise


def _is_application(session, relpath: str) -> bool:
    """Whether the journal reads the file at `relpath` as an application (with a company)."""
    return any(r.application.path == relpath and r.application.company for r in session.analyse().results)


def _same_application(session, company: str, role: str, applied: date) -> list[tuple[str, int]]:
    """Other files with the same company and role, applied at most 7 days apart."""
    found = []
    company_key, role_key = same_key(company), same_key(role)
    for result in session.analyse().results:
        other = result.application
        if other.applied is None or not other.company or not other.role:
            continue
        if same_key(other.company) != company_key or same_key(other.role) != role_key:
            continue
        gap = abs((other.applied - applied).days)
        if gap <= 7:
            found.append((other.path, gap))
    return found


# -- log -----------------------------------------------------------------------------------------
