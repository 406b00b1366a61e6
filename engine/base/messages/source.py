"""Messages of the source stage."""

MESSAGES: dict[str, dict[str, str]] = {
}
