"""What DMN editors add to DMN that is not DMN, so that an error can name it: Signavio's
FEEL functions (camelCase names a DMN engine does not know) and its multi-instance
decisions (an extension element). regel runs what DMN defines; these are named in the
error, with the DMN function to use where there is one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:   # (the loader of YAML packs checks function names without the XML reader)
    from regel.source.xmltree import XmlNode

__all__ = ["SIGNAVIO_FUNCTIONS", "vendor_function", "signavio_multi_instance"]

#: Signavio's FEEL extension functions (the names the KIE Signavio profile gives them;
#: only those no one would take for a word of their own) -> the DMN function that does the
#: same, or "" where DMN has none of its own.
SIGNAVIO_FUNCTIONS = {
    "startsWith": "starts with(text, prefix)",
    "endsWith": "ends with(text, suffix)",
    "upper": "upper case(text)",
    "lower": "lower case(text)",
    "len": "string length(text)",
    "mid": "substring(text, start, length)",
    "avg": "mean(list)",
    "appendAll": "concatenate(list, list)",
    "removeAll": "",
    "notContainsAny": "",
    "containsOnly": "",
    "areElementsOf": "",
    "textOccurrences": "",
    "isAlpha": "",
    "isAlphanumeric": "",
    "isNumeric": "",
    "isSpaces": "",
    "dayAdd": "",
    "monthAdd": "",
    "yearAdd": "",
    "dayDiff": "",
    "monthDiff": "",
    "yearDiff": "",
    "hourDiff": "",
    "minutesDiff": "",
}

#: The namespaces of Signavio's DMN extensions start with this.
SIGNAVIO_NAMESPACE = "http://www.signavio.com/schema/dmn/"


def vendor_function(name: str) -> tuple[str, str] | None:
    """(vendor, the DMN function to use or "") when ``name`` is a vendor's FEEL function."""
    if name in SIGNAVIO_FUNCTIONS:
        return "Signavio", SIGNAVIO_FUNCTIONS[name]
    return None


def signavio_multi_instance(node: XmlNode) -> XmlNode | None:
    """The ``<signavio:MultiInstanceDecisionLogic>`` in a decision's extension elements:
    Signavio runs such a decision once per item of a list, which DMN has no way to say."""
    ext = node.child("extensionElements")
    for child in ext.children if ext is not None else ():
        if child.tag == "MultiInstanceDecisionLogic" and (
                child.namespace.startswith(SIGNAVIO_NAMESPACE) or "signavio" in child.namespace):
            return child
    return None
