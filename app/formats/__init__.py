"""The formats of the field: Word, Akoma Ntoso, CSV and JSON, in and out.

Pure, like the text engine: bytes in, records out, and back. Nothing here opens a database,
reads a setting or knows a request; the services build the records (`records.py`) from the
database and hand the bytes these modules return to the routes.

- `records.py`    the shapes the writers take (a draft, a comment table, a comparison)
- `ooxml.py`      the WordprocessingML python-docx has no API for: tracked changes (w:ins,
                  w:del, a tracked paragraph mark), comment anchors, a repeated header row;
                  written and read in this one module
- `upload.py`     opening an untrusted .docx: size limits, zip bombs, XML entities
- `word_draft.py`, `word_table.py`, `word_compare.py`   the .docx writers
- `word_in.py`    a delegation's tracked changes read back into before/after paragraphs
- `labels.py`     paragraph numbers as documents print them ("PP.4", "OP 2 (a)", "19 bis")
- `proposals.py`  the changed paragraphs of a file matched to the base draft: inputs
- `akn.py`        Akoma Ntoso 3.0 (a draft as `doc`, a compilation as `amendmentList`)
- `tabular.py`    the comment table as CSV and JSON rows
- `newdoc.py`     a new document (plain text, Markdown, .docx) in the drafts/ format
"""
