"""Rules found while reading a file: the front matter, its fields and its dates."""

from .registry import register

register("front-matter", "error", """
    The file has no readable front matter.

    What it does
      Flags a file that does not start with a '---' line, never closes its
      front matter, holds YAML that cannot be read, holds a list or a single
      value instead of 'key: value' lines, gives a key twice, or is not UTF-8.
      A file whose values are template placeholders ({{date}}, <% ... %>) is
      named as a template.

    Why it matters
      Everything jrnl-rej knows about an application comes from those lines.
      Until they can be read, this file is left out of the patterns and the
      index, so nothing in it can remind you of anything.

    Example
      ---
      company: Acme
      role: Data Engineer
      applied: 2026-10-02
      (no closing line)

    Fix
      Close the block with a second '---' line. The message names the line
      where the YAML went wrong; a stray tab or an unquoted ': ' inside a
      value are the usual suspects. Wrap such text in quotes.
      A note that is not an application: set plain_notes = "skip" in
      jrnl-rej.toml (files with no front matter at all are then left out), or
      list it in exclude. Templates belong in the Templates/ folder.
""")

register("missing-field", "error", """
    A field every application needs is missing or empty.

    What it does
      Flags a file without company, role or applied, and a rejected
      application without the date the rejection arrived.

    Why it matters
      Without them jrnl-rej cannot tell how long you have waited, whom to
      thank, or where your search stalls.

    Example
      ---
      company: Acme
      applied: 2026-10-02
      ---

    Fix
      Add the missing line, for example 'role: Data Engineer'. If you do not
      remember the exact day, the closest day you can recall is fine.
""")

register("invalid-value", "error", """
    A field holds a value of the wrong kind.

    What it does
      Flags a status or rejection outside their lists (with the nearest valid
      word), a list where text belongs, 'replied: yes' (which says nothing
      about when), a revisit that is neither a date nor 'never', a rejection
      date on an application whose status is not 'rejected', and unknown or
      error rules in jrnl-rej-ignore.

    Why it matters
      A misspelt status quietly turns a closed application back into an open
      one, and the reminders that follow would be wrong.

    Example
      status: rejectd

    Fix
      Use one of the listed values: status is open, rejected, withdrawn,
      accepted or declined; rejection is silent, form or post_interview;
      replied is a date or 'no'.
""")

register("unknown-field", "warning", """
    A key looks like a misspelt field.

    What it does
      Flags a key that is not one of jrnl-rej's fields but is within two
      letters of one ('aplied', 'Company', 'check_in'), and names the field
      it probably meant. Other keys of your own are left alone.

    Why it matters
      A typo hides the value: 'aplied: 2026-10-02' means jrnl-rej thinks the
      application date is missing, and the reminders that depend on it stay
      silent.

    Example
      aplied: 2026-10-02

    Fix
      Rename the key to the suggested field: 'applied: 2026-10-02'.
""")

register("invalid-date", "error", """
    A date cannot be read.

    What it does
      Flags a date field that is not a real date ('2026-02-30'), not a date
      at all ('soon', '20261001'), or a numeric date whose day and month could
      be swapped ('03/04/2026') while no date_order is set in jrnl-rej.toml.

    Why it matters
      Every reminder counts days from these dates. A wrong guess would make
      jrnl-rej nag you at the wrong time, so it asks instead.

    Example
      applied: 03/04/2026

    Fix
      Write the date as YYYY-MM-DD ('applied: 2026-04-03'), or set
      date_order = "DMY" (or "MDY") in jrnl-rej.toml.
""")

register("relative-date", "error", """
    A date depends on today.

    What it does
      Flags words like 'yesterday', 'last friday', '3 days ago' or a date
      without a year ('Nov 3') in a file.

    Why it matters
      Written in a file, 'yesterday' means a different day tomorrow. The
      journal would slowly drift away from what really happened.

    Example
      screen: last friday

    Fix
      Write the actual day: 'screen: 2026-11-20'. On the command line such
      words are welcome: 'jrnl-rej log FILE screen "last friday"' writes the
      date for you, and 'jrnl-rej check --unsafe-fixes' resolves them against
      today.
""", fix="unsafe")

register("non-iso-date", "warning", """
    A date is written in another form than YYYY-MM-DD.

    What it does
      Flags a readable date such as 'Nov 3, 2026', '13/04/2026' or
      '2026-10-2'.

    Why it matters
      YYYY-MM-DD is the one form every tool reads the same way, sorts
      correctly, and that Obsidian and GitHub show as a date.

    Example
      applied: Nov 3, 2026

    Fix
      'jrnl-rej check --fix' rewrites it as 'applied: 2026-11-03' and touches
      nothing else in the file. Safe: the date means the same day.
""", fix="safe")
