"""Copy the front-end packages installed by npm into the app's static files.

Zielwerk serves every asset itself (no CDN, GDPR); `make setup` runs this after `npm ci`.
Usage: python scripts/vendor_assets.py [--node-modules DIR] [--target DIR]
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# (package path inside node_modules, target inside static/vendor)
ASSETS: tuple[tuple[str, str], ...] = (
    ("@kern-ux/native/dist/kern.min.css", "kern/kern.min.css"),
    ("@kern-ux/native/dist/fonts", "kern/fonts"),
    ("@kern-ux/native/LICENSE.md", "kern/LICENSE.md"),
    ("htmx.org/dist/htmx.min.js", "htmx/htmx.min.js"),
    ("vega/build/vega.min.js", "vega/vega.min.js"),
    ("vega-lite/build/vega-lite.min.js", "vega/vega-lite.min.js"),
    ("vega-embed/build/vega-embed.min.js", "vega/vega-embed.min.js"),
)

SOURCE_MAP = re.compile(r"^//# sourceMappingURL=.*$", re.MULTILINE)


def vendor(node_modules: Path, target: Path) -> list[Path]:
    """Copy every asset; fail with a clear message naming what is missing."""
    missing = [src for src, _ in ASSETS if not (node_modules / src).exists()]
    if missing:
        raise SystemExit(
            "Front-end packages missing in {}: {}. Run `npm ci` first.".format(
                node_modules, ", ".join(missing)
            )
        )
    written = []
    for src, dst in ASSETS:
        source, destination = node_modules / src, target / dst
        destination.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, destination, dirs_exist_ok=True)
        elif source.suffix == ".js":
            # Source maps are not shipped; a dangling reference breaks hashed static files.
            text = source.read_text(encoding="utf-8")
            destination.write_text(SOURCE_MAP.sub("", text), encoding="utf-8")
        else:
            shutil.copy2(source, destination)
        written.append(destination)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--node-modules", type=Path, default=ROOT / "node_modules")
    parser.add_argument("--target", type=Path, default=ROOT / "src/zielwerk/web/static/vendor")
    args = parser.parse_args(argv)
    written = vendor(args.node_modules, args.target)
    sys.stdout.write("%d assets in %s\n" % (len(written), args.target))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
