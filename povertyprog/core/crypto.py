"""Encryption at rest for personal identifiers (citizen IDs), and keyed hashes to find them.

One secret, POVERTYPROG_DATA_KEY (32 random bytes, urlsafe base64), gives two sub-keys: one
for AES-GCM encryption, one for a keyed BLAKE2b hash that lets the database find an exact ID
without ever holding it in clear. Losing the key loses the IDs: back it up with the database.
"""

import base64
import binascii
import hashlib
import os
from collections.abc import Callable, Sequence
from functools import cache

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

_NONCE_BYTES = 12


def generate_key() -> str:
    return base64.urlsafe_b64encode(os.urandom(32)).decode()


@cache
def _keys(secret: str) -> tuple[AESGCM, bytes]:
    try:
        master = base64.urlsafe_b64decode(secret.encode())
    except ValueError:
        master = b""
    if len(master) != 32:
        raise ImproperlyConfigured(
            "POVERTYPROG_DATA_KEY must be 32 random bytes in urlsafe base64: make one with "
            '`python -c "from povertyprog.core.crypto import generate_key; print(generate_key())"`.'
        )
    encryption_key = hashlib.blake2b(master, digest_size=32, person=b"pp-encrypt").digest()
    lookup_key = hashlib.blake2b(master, digest_size=32, person=b"pp-lookup").digest()
    return AESGCM(encryption_key), lookup_key


def _current() -> tuple[AESGCM, bytes]:
    return _keys(settings.POVERTYPROG_DATA_KEY)


def encrypt_text(text: str) -> str:
    aead, _lookup = _current()
    nonce = os.urandom(_NONCE_BYTES)
    return base64.b64encode(nonce + aead.encrypt(nonce, text.encode(), None)).decode()


def encrypt_texts(texts: Sequence[str]) -> list[str]:
    """encrypt_text for many texts (an import's citizen IDs): the same tokens, each with its
    own random nonce, drawn from the system in one read rather than one per text."""
    aead, _lookup = _current()
    encrypt, b64 = aead.encrypt, binascii.b2a_base64
    nonces = os.urandom(_NONCE_BYTES * len(texts))
    tokens = []
    for start, text in zip(range(0, len(nonces), _NONCE_BYTES), texts, strict=True):
        nonce = nonces[start : start + _NONCE_BYTES]
        tokens.append(b64(nonce + encrypt(nonce, text.encode(), None), newline=False).decode())
    return tokens


def decrypt_text(token: str) -> str:
    aead, _lookup = _current()
    raw = base64.b64decode(token)
    return aead.decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], None).decode()


def lookup_hash(text: str) -> str:
    """A keyed hash of `text`: equal texts give equal hashes, and nobody without the key can
    test a guess against it."""
    _aead, lookup = _current()
    return hashlib.blake2b(text.encode(), key=lookup, digest_size=16).hexdigest()


def lookup_hasher() -> Callable[[str], str]:
    """lookup_hash for hashing many texts: the keyed state is made once and copied per text,
    which skips hashing the key block every time."""
    _aead, lookup = _current()
    keyed = hashlib.blake2b(key=lookup, digest_size=16)

    def lookup_hash_fast(text: str) -> str:
        state = keyed.copy()
        state.update(text.encode())
        return state.hexdigest()

    return lookup_hash_fast
