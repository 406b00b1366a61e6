"""Messages of the report stage."""

MESSAGES: dict[str, dict[str, str]] = {
}
