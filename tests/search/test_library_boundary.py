"""search/ is a library: it imports nothing from the Marché, not even inside a function."""

import ast
from pathlib import Path

import search

SEARCH_DIR = Path(search.__file__).parent


def marche_imports(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if alias.name.split(".")[0] == "marche"]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").split(".")[0] == "marche":
            found.append(node.module)
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in (
            "import_module",
            "__import__",
            "import_string",
        ):
            found += [
                arg.value
                for arg in node.args
                if isinstance(arg, ast.Constant) and str(arg.value).split(".")[0] == "marche"
            ]
    return found


def test_no_module_under_search_imports_marche():
    offenders = {
        str(path.relative_to(SEARCH_DIR.parent)): marche_imports(path.read_text(encoding="utf-8"))
        for path in sorted(SEARCH_DIR.rglob("*.py"))
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_the_check_sees_imports_hidden_in_functions():
    hidden = "def f():\n    from marche.suppliers.models import Supplier\n    import marche.geography\n"
    dynamic = "import importlib\nimportlib.import_module('marche.suppliers')\n"

    assert marche_imports(hidden) == ["marche.suppliers.models", "marche.geography"]
    assert marche_imports(dynamic) == ["marche.suppliers"]
    assert marche_imports("from search.text import fold\nimport marchepied\n") == []
