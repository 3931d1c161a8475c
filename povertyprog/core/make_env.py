"""Write the local `.env` for `make run`: a secret key and a data key, each made once.

Run as `python -m povertyprog.core.make_env .env`. Existing values are never replaced: a new
data key would make the citizen IDs already in the database unreadable.
"""

import base64
import os
import secrets
import sys
from pathlib import Path

GENERATORS = {
    "DJANGO_SECRET_KEY": lambda: secrets.token_urlsafe(50),
    "POVERTYPROG_DATA_KEY": lambda: base64.urlsafe_b64encode(os.urandom(32)).decode(),
}


def main(path: Path) -> None:
    lines = path.read_text().splitlines() if path.exists() else []
    present = {line.partition("=")[0].strip() for line in lines}
    added = [f"{name}={make()}" for name, make in GENERATORS.items() if name not in present]
    if added:
        path.write_text("\n".join([*lines, *added]) + "\n")
        path.chmod(0o600)
        print(f"{path}: added {', '.join(line.partition('=')[0] for line in added)}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else ".env"))
