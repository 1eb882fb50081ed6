"""Reading corpus YAML files into validated shapes, with errors that name file and line.

A facilitator editing `drafts/*.yaml` by hand needs to hear "eu.yaml:212: inputs[14].target:
..." and not a pydantic dump, so every error is mapped back to the line of the YAML node
it concerns.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

T = TypeVar("T", bound=BaseModel)

# libyaml's parser when PyYAML was built with it (several times faster); same safe constructors.
_Loader: type[yaml.SafeLoader | yaml.CSafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class CorpusError(Exception):
    """A problem in a corpus file; str() is one line: `path:line: message`."""

    def __init__(self, path: Path | str, line: int | None, message: str) -> None:
        self.path = str(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {message}")


def _node_line(root: yaml.Node | None, loc: tuple[Any, ...]) -> int | None:
    """Follow a pydantic error location through the YAML node tree to a line number."""
    node = root
    line = node.start_mark.line + 1 if node is not None else None
    for key in loc:
        if isinstance(node, yaml.MappingNode):
            found = None
            for k, v in node.value:
                if k.value == key:
                    found = v
                    break
            node = found
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
        else:
            break
        if node is None:
            break
        line = node.start_mark.line + 1
    return line


def load_yaml(path: Path) -> tuple[Any, yaml.Node | None]:
    """Parse one file, turning YAML syntax errors into a CorpusError with the line."""
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CorpusError(path, None, f"cannot read file: {exc}") from exc
    try:
        return _parse(raw)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise CorpusError(path, line, f"malformed YAML: {problem}") from exc


def _parse(raw: str) -> tuple[Any, yaml.Node | None]:
    """Compose the node tree once and build the data from it: the tree gives the line marks
    for errors, and parsing a second time for the data would double the cost of reading."""
    loader = _Loader(raw)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    return data, node


def read_model(path: Path, model: type[T]) -> tuple[T, yaml.Node | None]:
    """Read and validate a file as `model`; the first validation error is reported."""
    data, node = load_yaml(path)
    if not isinstance(data, dict):
        raise CorpusError(path, 1, f"expected a mapping at the top of the file, got {type(data).__name__}")
    try:
        return model.model_validate(data), node
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(err["loc"])
        where = ".".join(str(p) for p in loc) or "(top)"
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise CorpusError(path, _node_line(node, loc), f"{where}: {err['msg']}{more}") from exc


def line_of(node: yaml.Node | None, *loc: Any) -> int | None:
    """The line of the entry at `loc` (e.g. 'paragraphs', 3), for errors found after validation."""
    return _node_line(node, tuple(loc))
