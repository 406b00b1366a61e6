"""Messages of the run stage."""

MESSAGES: dict[str, dict[str, str]] = {
}
