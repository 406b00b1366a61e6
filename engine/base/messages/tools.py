"""Messages of the tools stage."""

MESSAGES: dict[str, dict[str, str]] = {
}
