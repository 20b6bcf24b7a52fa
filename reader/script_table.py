"""Build `script.txt`, the conversion tables `reader.script` reads, from OpenCC's dictionaries.

    python -m reader.script_table path/to/OpenCC/data/dictionary

Run once when OpenCC's data changes; the result is committed, so neither
OpenCC nor its data is needed at run time.  OpenCC's dictionaries (Apache
2.0) are plain text, `key<TAB>value value …`, first value preferred.  What
is kept:

* Traditional → Simplified, one character to one character (`TSCharacters`,
  after the Taiwan and Hong Kong variant forms are taken back to OpenCC's
  standard ones and compatibility ideographs to their unified twins): enough
  to fold text for search and tagging without moving an offset;
* Simplified → Traditional characters (`STCharacters`, first value), and the
  phrases (`STPhrases`) whose conversion differs from that character by
  character, plus the phrases that overlap those and would otherwise be cut
  differently by a longest match (two characters or more of overlap: a
  one-character overlap is left to chance, which costs little agreement
  with OpenCC and halves the table; `python -m reader.bench script`).
"""

from __future__ import annotations

import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent / "script.txt"


def read(folder: Path, name: str) -> dict[str, list[str]]:
    table: dict[str, list[str]] = {}
    path = folder / f"{name}.txt"
    if not path.is_file():
        return table
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#") or "\t" not in line:
            continue
        key, _, values = line.partition("\t")
        table[key] = values.split()
    return table


def build(folder: Path) -> str:
    ts = read(folder, "TSCharacters")
    st = read(folder, "STCharacters")
    phrases = read(folder, "STPhrases")
    compat = read(folder, "CJK_Compatibility_Ideographs")
    t2s: dict[str, str] = {k: v[0] for k, v in ts.items() if len(k) == 1 and len(v[0]) == 1 and k != v[0]}
    simplified = set(st) | {c for values in ts.values() for c in values}
    for variants in ("TWVariants", "HKVariants"):  # standard → regional form; fold the regional one back
        for standard, forms in read(folder, variants).items():
            for form in forms:  # unless Simplified text writes it too (Taiwan's 么 for 幺)
                if len(standard) == len(form) == 1 and form not in ts and form not in simplified:
                    t2s[form] = t2s.get(standard, standard)
    for odd, unified in compat.items():
        if len(odd) == 1 and len(unified[0]) == 1:
            t2s.setdefault(odd, t2s.get(unified[0], unified[0]))
    t2s = {k: v for k, v in t2s.items() if k != v}
    s2t = {k: v[0] for k, v in st.items() if len(k) == 1 and len(v[0]) == 1 and k != v[0]}

    def by_char(text: str) -> str:
        return "".join(s2t.get(c, c) for c in text)

    kept = {k: v[0] for k, v in phrases.items() if len(k) > 1 and len(v[0]) == len(k) and by_char(k) != v[0]}
    starts = {k[:n] for k in kept for n in range(2, len(k) + 1)}
    for key, values in phrases.items():  # phrases that would have stopped a kept one from matching
        if key in kept or len(values[0]) != len(key):
            continue
        if any(key[i:j] in starts for i in range(1, len(key) - 1) for j in range(i + 2, len(key) + 1)):
            kept[key] = values[0]
    lines = [
        "# Traditional/Simplified Chinese tables for reader.script, derived from OpenCC's dictionaries",
        "# (Apache License 2.0, https://github.com/BYVoid/OpenCC) by `python -m reader.script_table`.",
        "# Line 5: Traditional characters; line 6: their Simplified ones (same order).",
        "# Line 7: Simplified characters; line 8: their Traditional ones.  Then phrases, Simplified TAB Traditional.",
        "".join(t2s),
        "".join(t2s.values()),
        "".join(s2t),
        "".join(s2t.values()),
    ]
    lines += [f"{k}\t{v}" for k, v in sorted(kept.items())]
    return "\n".join(lines) + "\n"


def main() -> None:
    if len(sys.argv) != 2 or not (Path(sys.argv[1]) / "TSCharacters.txt").is_file():
        sys.exit(
            "usage: python -m reader.script_table OpenCC/data/dictionary  (the folder with TSCharacters.txt)"
        )
    text = build(Path(sys.argv[1]))
    OUT.write_text(text, encoding="utf-8")
    print(f"{OUT}: {len(text.encode()) / 1e3:.0f} kB, {text.count(chr(10)) - 8} phrases")


if __name__ == "__main__":
    main()
