"""Verification codes: random, URL-safe, forgiving to read, and self-checking."""

from __future__ import annotations

import itertools
import re
from urllib.parse import quote

import pytest

from app.certificates import codes

CODE = re.compile(r"^[0-9A-HJKMNP-TV-Z]{16}$")


def test_generated_codes_have_16_crockford_symbols_and_a_valid_check():
    for _ in range(500):
        code = codes.generate()
        assert CODE.match(code), code
        assert codes.parse(code) == code


def test_codes_carry_at_least_60_random_bits():
    # 15 random symbols of 32 = 75 bits, minus log2(37/32) for redrawing unusable check values
    import math

    assert codes.DATA_LENGTH * 5 - math.log2(37 / 32) >= 60


def test_codes_do_not_repeat():
    assert len({codes.generate() for _ in range(2000)}) == 2000


def test_every_symbol_is_url_safe_and_readable():
    assert set(codes.ALPHABET).isdisjoint(set("ILOU"))
    for _ in range(200):
        shown = codes.display(codes.generate())
        assert quote(shown, safe="") == shown


def test_display_groups_in_fours():
    assert codes.display("0123456789ABCDEF") == "0123-4567-89AB-CDEF"


def test_check_symbol_is_crockfords_mod_37():
    data = "000000000000001"
    assert codes.check_value(data) == 1
    assert codes.check_value("0" * 14 + "Z") == 31
    assert codes.check_value("0" * 13 + "15") == 37 % 37  # 1*32 + 5 = 37


def test_reading_is_forgiving_about_case_separators_width_and_confusables():
    code = codes.generate()
    shown = codes.display(code)
    assert codes.parse(shown.lower()) == code
    assert codes.parse(shown.replace("-", " ")) == code
    assert codes.parse(f"  {shown}  ") == code
    fullwidth = "".join(chr(ord(c) + 0xFEE0) if c != "-" else "－" for c in shown)
    assert codes.parse(fullwidth) == code
    confused = code.replace("0", "O").replace("1", "l")
    assert codes.parse(confused) == code


@pytest.mark.parametrize(
    "text",
    ["", "ABC", "0123-4567-89AB-CDE", "0123-4567-89AB-CDEFG", "0123-4567-89AB-CDE!", "U" * 16],
)
def test_wrong_length_or_foreign_characters_are_malformed(text):
    with pytest.raises(codes.MalformedCode):
        codes.parse(text)


def test_every_single_substitution_is_caught_as_a_typing_mistake():
    code = codes.generate()
    for position, symbol in itertools.product(range(codes.LENGTH), codes.ALPHABET):
        if code[position] == symbol:
            continue
        typo = code[:position] + symbol + code[position + 1 :]
        with pytest.raises(codes.MistypedCode):
            codes.parse(typo)


def test_every_swap_of_neighbouring_data_symbols_is_caught():
    for _ in range(50):
        code = codes.generate()
        for position in range(codes.DATA_LENGTH - 1):
            a, b = code[position], code[position + 1]
            if a == b:
                continue
            swapped = code[:position] + b + a + code[position + 2 :]
            with pytest.raises(codes.MistypedCode):
                codes.parse(swapped)


def test_mistyped_and_malformed_are_both_code_errors():
    assert issubclass(codes.MistypedCode, codes.CodeError)
    assert issubclass(codes.MalformedCode, codes.CodeError)
    assert not issubclass(codes.MistypedCode, codes.MalformedCode)
