"""Messages of ``regel sheet``: a rule pack as a workbook (regel.tools.sheet)."""

MESSAGES: dict[str, dict[str, str]] = {
    "SHEET-NO-OPENPYXL": {
        "en": "workbooks need the openpyxl library, which is not installed; install it with "
              "pip install 'regel[sheet]'",
        "da": "regneark kræver biblioteket openpyxl, som ikke er installeret; installér det "
              "med pip install 'regel[sheet]'",
    },
    "SHEET-NOT-WORKBOOK": {
        "en": "this file cannot be read as an .xlsx workbook ({reason})",
        "da": "filen kan ikke læses som et .xlsx-regneark ({reason})",
    },
    "SHEET-MISSING": {
        "en": "the workbook has no sheet named {sheet}; regel sheet export writes it",
        "da": "regnearket har intet ark med navnet {sheet}; regel sheet export skriver det",
    },
    "SHEET-YAML": {
        "en": "this cell cannot be read: {problem}",
        "da": "cellen kan ikke læses: {problem}",
    },
    "SHEET-MORE": {
        "en": "this cell must hold named values in YAML (key: value, one a line)",
        "da": "cellen skal indeholde navngivne værdier i YAML (nøgle: værdi, én pr. linje)",
    },
    "SHEET-UNKNOWN-ROW": {
        "en": "the row name {row} is not one regel knows here; the names are those "
              "regel sheet export writes in column A",
        "da": "rækkenavnet {row} kendes ikke her; navnene er dem, regel sheet export "
              "skriver i kolonne A",
    },
    "SHEET-OUT-NOT-PACK": {
        "en": "this folder exists and is not a rule pack (no pack.yaml); give a new folder "
              "or a pack folder to replace",
        "da": "mappen findes og er ikke et regelsæt (ingen pack.yaml); angiv en ny mappe "
              "eller en regelsætmappe, der skal erstattes",
    },
    "cli.sheet.exported": {
        "en": "Wrote {file}: {sheets} sheets, {versions} of them decision versions",
        "da": "Skrev {file}: {sheets} ark, heraf {versions} afgørelsesversioner",
    },
    "cli.sheet.imported": {
        "en": "Wrote the pack {folder}: {files} files (fingerprint {fingerprint})",
        "da": "Skrev regelsættet {folder}: {files} filer (fingeraftryk {fingerprint})",
    },
}
