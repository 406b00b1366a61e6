"""Messages every stage shares: the summary of a pack's problems, name hints, value words."""

MESSAGES: dict[str, dict[str, str]] = {
    "PACK-PROBLEM": {"en": "{count} problem in the rule pack",
                     "da": "{count} problem i regelsættet"},
    "PACK-PROBLEMS": {"en": "{count} problems in the rule pack",
                      "da": "{count} problemer i regelsættet"},
    "HINT-DID-YOU-MEAN": {"en": " (did you mean '{name}'?)", "da": " (mente du '{name}'?)"},
}
