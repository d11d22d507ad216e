"""Verification codes: unguessable, easy to read aloud and type, and self-checking.

Pure: no Flask. A code is 15 random Crockford base32 symbols (75 bits, of which about 74.8 survive
the check rule below) and one check symbol, shown in four groups of four: `7K3M-Q9XD-2HFW-B8RT`.

Alphabet: Crockford's base32 (0-9 and the letters without I, L, O, U). Reading is forgiving:
upper or lower case, hyphens and spaces anywhere, full-width characters (typed with a Chinese input
method) and the usual confusables O -> 0, I and L -> 1.

The check symbol is Crockford's own: the code's number modulo 37. Crockford writes the remainders
32-36 as `* ~ $ = U`, which do not belong in a URL; instead of inventing five more symbols we only
issue codes whose remainder is below 32 (redrawing otherwise, 5 draws in 37), so the check symbol is
always one of the 32 ordinary symbols and every code is URL-safe as it stands. Because 37 is prime
and larger than the alphabet, any single mistyped symbol and any swap of two neighbouring data
symbols changes the remainder, so such a code is told apart (MistypedCode) from a well-formed code
that was never issued.
"""

from __future__ import annotations

import secrets
import unicodedata

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_VALUE = {symbol: value for value, symbol in enumerate(ALPHABET)}
_CONFUSABLES = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = str.maketrans("", "", " -_\t\u2010\u2011\u2012\u2013\u2014\u2212\u3000")

DATA_LENGTH = 15
LENGTH = DATA_LENGTH + 1
GROUP = 4
CHECK_MODULUS = 37


class CodeError(ValueError):
    """A typed text is not a valid verification code."""


class MalformedCode(CodeError):
    """The text cannot be a code at all: wrong length or a character outside the alphabet."""


class MistypedCode(CodeError):
    """The text looks like a code but its check symbol does not match: a typing mistake."""


def _number(symbols: str) -> int:
    number = 0
    for symbol in symbols:
        number = number * 32 + _VALUE[symbol]
    return number


def check_value(data: str) -> int:
    """Crockford's check: the number the data symbols encode, modulo 37."""
    return _number(data) % CHECK_MODULUS


def generate() -> str:
    """A new random code in canonical form (16 symbols, no hyphens)."""
    while True:
        data = "".join(secrets.choice(ALPHABET) for _ in range(DATA_LENGTH))
        check = check_value(data)
        if check < len(ALPHABET):
            return data + ALPHABET[check]


def normalise(text: str) -> str:
    """Fold case, full-width forms, separators and confusable letters (no validation)."""
    folded = unicodedata.normalize("NFKC", text or "").upper()
    return folded.translate(_SEPARATORS).translate(_CONFUSABLES)


def parse(text: str) -> str:
    """The canonical code for what a person typed; raises MalformedCode or MistypedCode."""
    code = normalise(text)
    if len(code) != LENGTH or any(symbol not in _VALUE for symbol in code):
        raise MalformedCode(text)
    if check_value(code[:DATA_LENGTH]) != _VALUE[code[-1]]:
        raise MistypedCode(text)
    return code


def display(code: str) -> str:
    """A canonical code in groups of four for printing: 7K3M-Q9XD-2HFW-B8RT."""
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))
