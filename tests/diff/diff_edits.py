"""Named edits to the example playbook, one per kind of change the diff must recognise.

Each is a list of exact text replacements (area, old text, new text).
"""
from __future__ import annotations

Edit = list[tuple[str, str, str]]

CADENCE_45 = "  - {priority: p1, tier: enterprise, every: {minutes: 45}}\n"
CADENCE_60 = "  - {priority: p1, tier: enterprise, every: {minutes: 60}}\n"
CSM_BAND = "    - {approver: csm, above: {percent: 5}, up_to: {percent: 10},"
DIRECTOR_BAND = "    - {approver: support-director, above: {percent: 10},"

VALUE_CHANGED: Edit = [
    ("communication", CADENCE_45, CADENCE_60),
    # the approval-bands rule wants the next band to start where this one ends: both move
    ("decision-rights", CSM_BAND, CSM_BAND.replace("{percent: 10}", "{percent: 15}")),
    ("decision-rights", DIRECTOR_BAND, DIRECTOR_BAND.replace("{percent: 10}", "{percent: 15}")),
]

ENTRY_ADDED: Edit = [
    ("phrases", "  - id: calm-down\n",
     "  - id: to-be-honest\n"
     "    text: to be honest\n"
     "    why: Suggests that everything said before was not.\n"
     "    instead: \"Here is what we know so far.\"\n"
     "  - id: calm-down\n"),
]

ENTRY_REMOVED: Edit = [
    ("phrases", "  - id: as-i-said\n"
                "    text: as I said\n"
                "    why: Sounds impatient and makes the customer feel unheard.\n"
                "    instead: \"To recap where we are:\"\n", ""),
    ("roles", "        - id: archive-room\n"
              "          text: Archive the war room once the review has its timeline.\n", ""),
]

RENAMED: Edit = [
    ("on-call", "    - id: weekend-load\n", "    - id: weekend-work\n"),
]

REORDERED: Edit = [
    ("communication", CADENCE_45 + "  - {priority: p1, tier: business, every: {minutes: 60}}\n",
     "  - {priority: p1, tier: business, every: {minutes: 60}}\n" + CADENCE_45),
    ("training", "audience: [customer-liaison, comms-lead]", "audience: [comms-lead, customer-liaison]"),
]

FORMATTING_ONLY: Edit = [
    ("communication", CADENCE_45, "  # the cadence our Enterprise contracts promise\n"
                                  "  - priority: p1\n"
                                  "    tier: enterprise\n"
                                  "    every:\n"
                                  "      minutes: 45\n"),
    ("communication", "  - {priority: p1, tier: business, every: {minutes: 60}}\n",
     "  - {priority: p1, tier: business, every: {hours: 1}}   # the same gap, in hours\n"),
    ("decision-rights", "owner: VP Finance\n", "owner: \"VP Finance\"\n"),
]

INVALID: Edit = [
    ("communication", CADENCE_45, CADENCE_45.replace("{minutes: 45}", "{minutes: -5}")),
]
