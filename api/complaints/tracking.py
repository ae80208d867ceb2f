"""Tracking numbers: `TS-20191015-7K3QXM`, the received day and six random characters.

The suffix is drawn from Crockford's base32 alphabet (digits and capitals without I,
L, O, U, so nothing is misread over the phone) by `secrets`: about 10⁹ numbers per
day, none following from another, so knowing one's own number tells nothing about
anyone else's complaint.
"""

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
SUFFIX_LENGTH = 6
PATTERN = re.compile(r"^TS-\d{8}-[0-9A-Z]{4,12}$")
# Letters people read for the digits they resemble.
_MISREAD = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_suffix() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(SUFFIX_LENGTH))


def normalise(tracking_no: str) -> str | None:
    """A tracking number as typed (any case, spaces, O for 0) in its stored form, or None
    when it cannot be one."""
    value = re.sub(r"\s+", "", tracking_no).upper()
    head, _, suffix = value.rpartition("-")
    value = f"{head}-{suffix.translate(_MISREAD)}" if head else value
    return value if PATTERN.match(value) else None
