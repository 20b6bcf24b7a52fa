import importlib
import pkgutil
import sys

import reader.bench


def main() -> None:
    names = sorted(m.name for m in pkgutil.iter_modules(reader.bench.__path__) if not m.name.startswith("_"))
    if len(sys.argv) < 2 or sys.argv[1] not in names:
        print(f"usage: python -m reader.bench {{{','.join(names)}}} [options]", file=sys.stderr)
        sys.exit(2)
    name = sys.argv.pop(1)
    sys.argv[0] = f"reader.bench {name}"
    importlib.import_module(f"reader.bench.{name}").main()


main()
