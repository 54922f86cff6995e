"""Validates XML files against the vendored ISO 20022 camt.054 schemas.

    validate.py FILE.xml...

Each file is checked against the schema of its root element's namespace
(camt.054.001.02.xsd for urn:iso:std:iso:20022:tech:xsd:camt.054.001.02, and
so on); a file that is not XML, or whose namespace has no schema here, is
invalid. Prints one line per file, "FILE: valid" or "FILE: invalid: WHY",
and exits 0 when every file is valid, 1 otherwise, 2 on misuse.
"""

import sys
from pathlib import Path

from lxml import etree

HERE = Path(__file__).resolve().parent
PREFIX = "urn:iso:std:iso:20022:tech:xsd:"


def check(path, schemas):
    try:
        doc = etree.parse(str(path))
    except (etree.XMLSyntaxError, OSError) as e:
        return f"not XML: {e}"
    namespace = etree.QName(doc.getroot()).namespace or ""
    name = namespace[len(PREFIX):] if namespace.startswith(PREFIX) else ""
    xsd = HERE / f"{name}.xsd"
    if not name or not xsd.is_file():
        return f"no schema here for namespace {namespace!r}"
    if name not in schemas:
        schemas[name] = etree.XMLSchema(etree.parse(str(xsd)))
    schema = schemas[name]
    if schema.validate(doc):
        return None
    e = schema.error_log.last_error
    return f"line {e.line}: {e.message}"


def main(files):
    if not files:
        print("usage: validate.py FILE.xml...", file=sys.stderr)
        return 2
    schemas = {}
    ok = True
    for f in files:
        why = check(Path(f), schemas)
        if why is None:
            print(f"{f}: valid")
        else:
            ok = False
            print(f"{f}: invalid: {why}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
