"""A small stand-in for Java behind ``function(a, b) external {java: {class: "java.lang.Math",
method signature: "max(double, double)"}}``: regel has no JVM, so the static methods of
java.lang that DMN models call (Math, valueOf and parse of the boxed types, String.valueOf,
String.format with %s and %d) are written here in Python, with Java's meanings mapped onto
FEEL's values (docs/feel.md, "External functions"). Any other class or method is unknown:
the call gives null with a warning (FEEL-JAVA-UNKNOWN), as a Java engine's failed lookup.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from regel.base.messages import Msg
from regel.feel.registry import invalid
from regel.feel.values import FEEL_CONTEXT, FeelNull, to_string, type_name

__all__ = ["call_java", "parse_signature"]

#: the whole-number types: their range of values
_WHOLE = {"int": 31, "long": 63, "short": 15, "byte": 7,
          "java.lang.Integer": 31, "java.lang.Long": 63, "java.lang.Short": 15,
          "java.lang.Byte": 7}
_REAL = frozenset({"double", "float", "java.lang.Double", "java.lang.Float",
                   "java.lang.Number"})
_STRING = "java.lang.String"
_OBJECTS = "[Ljava.lang.Object;"


def parse_signature(signature: str) -> tuple[str, tuple[str, ...]] | None:
    """``"max(double, double)"`` -> ("max", ("double", "double")); None if not one."""
    m = re.fullmatch(r"\s*([A-Za-z_$][\w$]*)\s*\((.*)\)\s*", signature)
    if m is None:
        return None
    types = tuple(_full(t.strip()) for t in m.group(2).split(",") if t.strip())
    return m.group(1), types


def _full(name: str) -> str:
    """A Java type as the table spells it: String -> java.lang.String, Object[] -> [L..;"""
    if name in ("Object[]", "java.lang.Object[]", "Object..."):
        return _OBJECTS
    if "." not in name and name[:1].isupper():
        return "java.lang." + name
    return name


def _arg(method: str, java_type: str, value: Any) -> Any:
    """A FEEL value as the Java parameter type takes it (FeelNull when it cannot)."""
    if java_type in _WHOLE:
        if not isinstance(value, Decimal) or value != value.to_integral_value():
            raise invalid(method, "feel.reason.java-argument", type=type_name(value),
                          java=java_type)
        bits = _WHOLE[java_type]
        if not -(2 ** bits) <= value < 2 ** bits:
            raise invalid(method, "feel.reason.java-argument", type=type_name(value),
                          java=java_type)
        return int(value)
    if java_type in _REAL:
        if not isinstance(value, Decimal):
            raise invalid(method, "feel.reason.java-argument", type=type_name(value),
                          java=java_type)
        return value
    if java_type == "char" and not (isinstance(value, str) and len(value) == 1):
        raise invalid(method, "feel.reason.java-argument", type=type_name(value), java="char")
    if java_type in ("boolean", "java.lang.Boolean") and not isinstance(value, bool):
        raise invalid(method, "feel.reason.java-argument", type=type_name(value),
                      java=java_type)
    if java_type == _STRING and not isinstance(value, str):
        raise invalid(method, "feel.reason.java-argument", type=type_name(value),
                      java=java_type)
    if java_type == _OBJECTS:
        return value if isinstance(value, list) else [value]
    return value


def _binary(fn: Callable[..., float]) -> Callable[..., Decimal]:
    """A java.lang.Math method Java computes in binary64: computed so here too, and read
    back as the shortest decimal that is the same double (Java's Double.toString)."""

    def run(*args: Any) -> Decimal:
        result = fn(*(float(a) for a in args))
        if not math.isfinite(result):
            raise FeelNull("FEEL-OVERFLOW")
        return FEEL_CONTEXT.plus(Decimal(repr(result)))

    return run


def _java_round(x: Decimal) -> Decimal:
    """Math.round: the closest whole number, halves rounded up (towards +infinity)."""
    return (x + Decimal("0.5")).to_integral_value(rounding="ROUND_FLOOR")


def _number_text(method: str, whole: bool) -> Callable[[str], Decimal]:
    """Integer.valueOf(String) and Double.valueOf(String) and their siblings."""
    pattern = r"[+-]?\d+" if whole else r"\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[dDfF]?\s*"

    def run(text: str) -> Decimal:
        if not re.fullmatch(pattern, text):
            raise invalid(method, "feel.reason.not-numeric", text=text)
        try:
            return FEEL_CONTEXT.plus(Decimal(text.strip().rstrip("dDfF")))
        except InvalidOperation:
            raise invalid(method, "feel.reason.not-numeric", text=text) from None

    return run


def _format(text: str, values: list[Any]) -> str:
    """String.format with %s, %d, %% and %n (the conversions DMN models use)."""
    out: list[str] = []
    pending = list(values)
    pos = 0
    for m in re.finditer(r"%([sdn%])", text):
        out.append(text[pos:m.start()])
        pos = m.end()
        kind = m.group(1)
        if kind in "n%":
            out.append("\n" if kind == "n" else "%")
            continue
        if not pending:
            raise invalid("format", "feel.reason.java-format", text=text)
        value = pending.pop(0)
        if kind == "d" and not (isinstance(value, Decimal)
                                and value == value.to_integral_value()):
            raise invalid("format", "feel.reason.java-format", text=text)
        out.append(to_string(value))
    if "%" in text[pos:]:
        raise invalid("format", "feel.reason.java-format", text=text)
    out.append(text[pos:])
    return "".join(out)


def _math() -> dict[tuple[str, tuple[str, ...]], Callable[..., Any]]:
    table: dict[tuple[str, tuple[str, ...]], Callable[..., Any]] = {}
    for t in ("int", "long", "float", "double"):
        table["max", (t, t)] = max
        table["min", (t, t)] = min
        table["abs", (t,)] = abs
    for name, fn in (("sin", math.sin), ("cos", math.cos), ("tan", math.tan),
                     ("asin", math.asin), ("acos", math.acos), ("atan", math.atan),
                     ("sinh", math.sinh), ("cosh", math.cosh), ("tanh", math.tanh),
                     ("exp", math.exp), ("log", math.log), ("log10", math.log10),
                     ("cbrt", math.cbrt), ("toDegrees", math.degrees),
                     ("toRadians", math.radians), ("log1p", math.log1p),
                     ("expm1", math.expm1)):
        table[name, ("double",)] = _binary(fn)
    for name, fn2 in (("pow", math.pow), ("atan2", math.atan2), ("hypot", math.hypot)):
        table[name, ("double", "double")] = _binary(fn2)
    table["sqrt", ("double",)] = _binary(math.sqrt)
    table["ceil", ("double",)] = lambda x: x.to_integral_value(rounding="ROUND_CEILING")
    table["floor", ("double",)] = lambda x: x.to_integral_value(rounding="ROUND_FLOOR")
    table["rint", ("double",)] = lambda x: x.to_integral_value(rounding="ROUND_HALF_EVEN")
    table["signum", ("double",)] = lambda x: Decimal((x > 0) - (x < 0))
    for t in ("float", "double"):
        table["round", (t,)] = _java_round
    for t in ("int", "long"):
        table["floorDiv", (t, t)] = lambda a, b: a // b
        table["floorMod", (t, t)] = lambda a, b: a % b
    return table


def _boxed() -> dict[str, dict[tuple[str, tuple[str, ...]], Callable[..., Any]]]:
    classes: dict[str, dict[tuple[str, tuple[str, ...]], Callable[..., Any]]] = {
        "java.lang.Math": _math(), "java.lang.StrictMath": _math()}
    for cls, prim, parse, whole in (("Integer", "int", "parseInt", True),
                                    ("Long", "long", "parseLong", True),
                                    ("Short", "short", "parseShort", True),
                                    ("Byte", "byte", "parseByte", True),
                                    ("Double", "double", "parseDouble", False),
                                    ("Float", "float", "parseFloat", False)):
        from_text = _number_text(f"{cls}.valueOf", whole)
        classes["java.lang." + cls] = {
            ("valueOf", (prim,)): lambda x: x,
            ("valueOf", (_STRING,)): from_text,
            (parse, (_STRING,)): from_text,
        }
    classes["java.lang.Boolean"] = {
        ("valueOf", ("boolean",)): lambda b: b,
        ("valueOf", (_STRING,)): lambda s: s.lower() == "true",
        ("parseBoolean", (_STRING,)): lambda s: s.lower() == "true",
    }
    strings: dict[tuple[str, tuple[str, ...]], Callable[..., Any]] = {
        ("valueOf", (t,)): to_string
        for t in ("boolean", "char", "int", "long", "float", "double", "java.lang.Object")}
    strings["format", (_STRING, _OBJECTS)] = _format
    classes[_STRING] = strings
    return classes


_CLASSES = _boxed()


def _whole_result(value: Any) -> Any:
    """Java's int and long results as FEEL numbers."""
    return Decimal(value) if isinstance(value, int) and not isinstance(value, bool) else value


def call_java(class_name: str, signature: str, args: list[Any]) -> Any:
    """Call the static method ``signature`` of ``class_name`` with FEEL values ``args``;
    FeelNull (a warning and null) when the shim has no such method or Java would throw."""
    parsed = parse_signature(signature)
    methods = _CLASSES.get(_full(class_name))
    fn = methods.get(parsed) if methods is not None and parsed is not None else None
    if fn is None or parsed is None:
        raise FeelNull("FEEL-JAVA-UNKNOWN", java_class=class_name, method=signature)
    name, types = parsed
    if len(args) != len(types):
        raise FeelNull("FEEL-BAD-ARGUMENTS", function=name, reason=Msg(
            "feel.reason.argument-count", {"count": len(args), "expected": len(types)}))
    if any(a is None for a in args):
        return None
    values = [_arg(name, t, a) for t, a in zip(types, args, strict=True)]
    try:
        return _whole_result(fn(*values))
    except ZeroDivisionError:
        raise FeelNull("FEEL-DIVISION-BY-ZERO") from None
    except (ValueError, ArithmeticError) as exc:   # Java: NaN or an exception
        raise invalid(name, "feel.reason.python-error", detail=str(exc)) from None
