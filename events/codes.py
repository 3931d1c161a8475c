"""Invitation codes: short enough to type on a phone, unambiguous, unguessable.

The alphabet leaves out both characters of every pair people mistake for each other
(0/O/Q/D, 1/I/L, 2/Z, 5/S, 8/B, U/V): 21 characters, log2(21) = 4.39 bits each. Ten of them,
drawn with `secrets`, carry 43.9 bits of randomness (the province asked for at least 40);
shown in two groups of five (``K7F3R-XM9AC``). Typing is forgiving: lower case, spaces,
dashes and Thai digits are accepted.
"""

import math
import secrets

from povertyprog.thai.formats import to_ascii_digits

ALPHABET = "34679ACEFGHJKMNPRTWXY"
LENGTH = 10
BITS = LENGTH * math.log2(len(ALPHABET))
_ALLOWED = frozenset(ALPHABET)


def code_new() -> str:
    """A new random code (uniqueness is the database's: Invitation.code is unique)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def code_normalize(text: str) -> str | None:
    """The code someone typed or scanned, as stored; None when it cannot be one."""
    cleaned = to_ascii_digits(text or "").upper()
    cleaned = "".join(ch for ch in cleaned if not ch.isspace() and ch not in "-_.")
    if len(cleaned) != LENGTH or not set(cleaned) <= _ALLOWED:
        return None
    return cleaned


def code_display(code: str) -> str:
    """How a code is printed and shown: two groups of five."""
    half = LENGTH // 2
    return f"{code[:half]}-{code[half:]}"
