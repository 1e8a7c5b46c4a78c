"""The words for stages, buckets, kinds and states, shared by every rule, output and command.

One table per thing, so that a stage is called the same everywhere it is shown.
"""

from __future__ import annotations

# In running text: "after the recruiter screen", "reached the final round".
STAGE_WORDS = {
    "applied": "application",
    "screen": "recruiter screen",
    "hiring_manager": "hiring-manager interview",
    "final_round": "final round",
    "offer": "offer",
}
# In an email draft: "thank you for the recruiter screen", "we reached the offer stage".
STAGE_PHRASES = {**STAGE_WORDS, "offer": "offer stage"}
# The interview stages, latest first.
INTERVIEWS = ("final_round", "hiring_manager", "screen")
# How to prepare for a booked interview, by its stage.
PREPARATION = {
    "screen": "have your salary expectations, your availability and a 90-second summary of "
              "yourself ready",
    "hiring_manager": "pick the three achievements that match the role and rehearse them as "
                      "short stories",
    "final_round": "pick the three achievements that match the role and rehearse them as short "
                   "stories, for each interviewer",
}  # fmt: skip

STAGE_TITLES = {
    "applied": "Applied",
    "screen": "Recruiter screen",
    "hiring_manager": "Hiring manager",
    "final_round": "Final round",
    "offer": "Offer",
}
BUCKET_WORDS = {
    "before_screen": "before the recruiter screen",
    "after_screen": "after the recruiter screen",
    "after_hiring_manager": "after the hiring-manager interview",
    "final_round": "at the final round",
}
BUCKET_TITLES = {
    "before_screen": "Before the recruiter screen",
    "after_screen": "After the recruiter screen",
    "after_hiring_manager": "After the hiring manager",
    "final_round": "At the final round",
}
KIND_TITLES = {
    "silent": "Silent (no answer)",
    "form": "Form email, before any interview",
    "post_interview": "After an interview",
}
# What each bottleneck usually means, and what to work on.
STATE_WORDS = {
    "upcoming": "not yet",
    "open": "open now",
    "past": "window closed",
    "done": "applied again",
}
# The reminders that make up "what needs doing now", most urgent first.
