"""Messages of the dmn stage."""

MESSAGES: dict[str, dict[str, str]] = {
}
