"""Messages of the cli stage."""

MESSAGES: dict[str, dict[str, str]] = {
}
