"""Repository-wide pytest set-up: the rule packs' YAML tests run with the rest.

The plugin is also an installed entry point; naming it here makes a run from a source tree
without installation collect the packs' tests as well.
"""

pytest_plugins = ["regel.tools.pytest_plugin"]

# broken packs kept on purpose as the loader's invalid-input fixtures, not tests to run
collect_ignore = ["tests/loader/invalid"]
