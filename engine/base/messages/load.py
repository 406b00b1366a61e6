"""Messages of the load stage."""

MESSAGES: dict[str, dict[str, str]] = {
}
