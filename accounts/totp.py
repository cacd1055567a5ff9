"""Time-based one-time codes (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits) for two-factor login.

Pure computation, no writes: `accounts.services` enrols and removes devices, `accounts.login` checks a login's code.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import struct
import time
from urllib.parse import quote, urlencode

TOTP_STEP_SECONDS = 30
TOTP_DIGITS = 6
TOTP_ISSUER = "Wiqaya"


def totp_code(secret: str, step: int, digits: int = TOTP_DIGITS) -> str:
    """The code for one time step (RFC 4226 HOTP over the step counter)."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**digits).zfill(digits)


def totp_step(now: float | None = None) -> int:
    return int((time.time() if now is None else now) // TOTP_STEP_SECONDS)


def totp_matching_step(secret: str, code, *, now: float | None = None, after: int = 0) -> int | None:
    """The time step (now, or one step either side for clock drift) whose code is `code`; None if none is."""
    code = "".join(str(code or "").split())
    if len(code) != TOTP_DIGITS or not code.isdigit():
        return None
    current = totp_step(now)
    for step in (current, current - 1, current + 1):
        if step > after and hmac.compare_digest(totp_code(secret, step), code):
            return step
    return None


def totp_uri(device) -> str:
    """The otpauth:// address an authenticator app reads (typed in, or turned into a QR code elsewhere)."""
    label = quote(f"{TOTP_ISSUER}:{device.user.get_username()}")
    query = urlencode({"secret": device.secret, "issuer": TOTP_ISSUER, "digits": TOTP_DIGITS, "period": 30})
    return f"otpauth://totp/{label}?{query}"
