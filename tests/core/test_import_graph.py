"""The import graph of app/: dependencies run one way, in the layer order of app/features.py.

Read with `ast` (nothing is imported). It fails on:
- a cycle between modules (imports run when a module loads: module-level ones, plus each module's
  own package, which Python loads first; `if TYPE_CHECKING:` blocks are skipped);
- a cycle between features, or a feature importing a higher one, or core importing a feature (every
  import counts here, also those inside functions);
- an import of an app module inside a function, outside `create_app` and the features' `init_app`
  (which load routes only when the app is built): such imports exist to dodge a cycle;
- a service or pure module reading the request state (flask's request, session or g, or
  flask_login's current_user), and a pure module importing the database.

How modules are recognised: a pure module says so in its docstring, on a line that begins with
"Pure:" (e.g. "Pure: no Flask, no database."); every other module of a feature is a service module
(services.py and the seams split from it) unless it faces the web or the command line (routes*,
forms*, templating, cli, the package's __init__).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import app as app_package
from app.features import LAYERS

APP_ROOT = Path(app_package.__file__).parent
README = APP_ROOT.parent / "README.md"

#: Functions that may import app modules inside them: they plug the features in.
PLUG_IN_FUNCTIONS = {"create_app", "_init_extensions", "init_app"}
#: What a service or pure module must not read: the state of the current request.
REQUEST_STATE = {("flask", "request"), ("flask", "session"), ("flask", "g")}
REQUEST_STATE |= {("flask_login", "current_user")}
#: What a pure module must not import: the database.
DATABASE_MODULES = ("app.extensions", "app.core.db", "sqlalchemy", "flask_sqlalchemy")


@dataclass(frozen=True)
class Import:
    """One import statement's target, as found in a module."""

    target: str
    names: tuple[str, ...] = ()
    #: The function it is written in (None: at module level).
    function: str | None = None
    line: int = 0


@dataclass(frozen=True)
class Module:
    """What the checks need to know about one module."""

    name: str
    imports: tuple[Import, ...]
    kind: str = "other"  # "service", "pure" or "other"
    is_package: bool = False


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _collect(body, package: str, known: set[str], function: str | None, found: list[Import]):
    for node in body:
        if isinstance(node, ast.If) and _is_type_checking(node):
            found_else = node.orelse
            _collect(found_else, package, known, function, found)
            continue
        if isinstance(node, ast.Import):
            found.extend(Import(a.name, (), function, node.lineno) for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1])
                target = f"{base}.{node.module}" if node.module else base
            else:
                target = node.module or ""
            names = tuple(a.name for a in node.names)
            submodules = [f"{target}.{n}" for n in names if f"{target}.{n}" in known]
            for submodule in submodules:
                found.append(Import(submodule, (), function, node.lineno))
            if len(submodules) < len(names):
                found.append(Import(target, names, function, node.lineno))
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            _collect(node.body, package, known, node.name, found)
        elif isinstance(node, ast.ClassDef):
            _collect(node.body, package, known, function, found)
        else:
            for field in ("body", "orelse", "finalbody", "handlers"):
                _collect(getattr(node, field, []) or [], package, known, function, found)


#: A feature's modules that face the web or the command line: they may read the request.
WEB_FACING = re.compile(r"^(routes(_\w+)?|forms(_\w+)?|templating|cli|__init__)\.py$")


def _is_rule_module(name: str, path: Path) -> bool:
    """A feature's service modules: services.py and the seams split from it (registration.py,
    attempts.py ...): everything in a feature that does not face the web or the command line."""
    parts = name.split(".")
    return len(parts) >= 3 and parts[1] != "core" and not WEB_FACING.match(path.name)


def read_app(root: Path = APP_ROOT) -> dict[str, Module]:
    """Every module under app/, with its imports and kind."""
    paths = {}
    for path in sorted(root.rglob("*.py")):
        parts = ("app", *path.relative_to(root).with_suffix("").parts)
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        paths[name] = path
    known = set(paths)
    modules = {}
    for name, path in paths.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        is_package = path.name == "__init__.py"
        package = name if is_package else name.rpartition(".")[0]
        found: list[Import] = []
        _collect(tree.body, package, known, None, found)
        docstring = ast.get_docstring(tree) or ""
        if re.search(r"(^|\s)Pure:", docstring, re.M):
            kind = "pure"
        elif _is_rule_module(name, path):
            kind = "service"
        else:
            kind = "other"
        modules[name] = Module(name, tuple(found), kind, is_package)
    return modules


def layer_of(module: str, layers: tuple[str, ...]) -> str | None:
    """The layer a module belongs to (`extensions` sits with `core`; None: not in a layer)."""
    parts = module.split(".")
    if parts[0] != "app" or len(parts) < 2:
        return None
    if parts[1] == "extensions":
        return layers[0]
    return parts[1] if parts[1] in layers else None


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the directed graph as a path that ends where it starts, or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (cycle := visit(start)):
            return cycle
    return None


def _parents(name: str) -> list[str]:
    parts = name.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def problems(modules: dict[str, Module], layers: tuple[str, ...]) -> list[str]:
    """Everything wrong with the graph, one sentence each (empty: the house plan holds)."""
    found = []
    rank = {layer: index for index, layer in enumerate(layers)}
    load_graph: dict[str, set[str]] = {}
    feature_graph: dict[str, set[str]] = {}
    for module in modules.values():
        loads = load_graph.setdefault(module.name, set())
        loads.update(p for p in _parents(module.name) if p in modules)
        source_layer = layer_of(module.name, layers)
        for imp in module.imports:
            target = next(
                (t for t in (imp.target, *_parents(imp.target)[::-1]) if t in modules), None
            )
            if imp.function is None and target is not None and target != module.name:
                loads.add(target)
            if imp.function is not None and target and imp.function not in PLUG_IN_FUNCTIONS:
                found.append(
                    f"{module.name}:{imp.line} imports {imp.target} inside {imp.function}()"
                )
            target_layer = layer_of(imp.target, layers)
            if source_layer and target_layer and source_layer != target_layer:
                feature_graph.setdefault(source_layer, set()).add(target_layer)
                if rank[target_layer] > rank[source_layer]:
                    what = "core" if source_layer == layers[0] else "a lower feature"
                    found.append(
                        f"{module.name}:{imp.line} ({what}) imports the higher feature "
                        f"{target_layer} ({imp.target})"
                    )
            if module.kind in ("service", "pure"):
                root = imp.target.split(".")[0]
                read = {(imp.target, n) for n in imp.names} | {(root, imp.target)}
                if read & REQUEST_STATE:
                    found.append(f"{module.name}:{imp.line} ({module.kind}) reads {imp.target}")
            if module.kind == "pure" and (
                imp.target.startswith(DATABASE_MODULES) or imp.target.endswith(".models")
            ):
                found.append(f"{module.name}:{imp.line} (pure) imports the database: {imp.target}")
    if cycle := find_cycle(load_graph):
        found.append("modules import each other: " + " -> ".join(cycle))
    if cycle := find_cycle(feature_graph):
        found.append("features import each other: " + " -> ".join(cycle))
    return found


# --- The application ------------------------------------------------------------------------------


def test_every_feature_package_is_in_the_layer_order():
    packages = {p.name for p in APP_ROOT.iterdir() if (p / "__init__.py").exists()}
    assert packages == set(LAYERS)


def test_the_import_graph_of_the_app_holds_the_house_plan():
    modules = read_app()
    assert len(modules) > 150  # the walk found the app
    assert problems(modules, LAYERS) == []


def test_models_and_pure_modules_load_no_routes():
    modules = read_app()
    seen, todo = set(), ["app.quizzes.grading", "app.quizzes.models", "app.workshops.models"]
    while todo:
        name = todo.pop()
        if name in seen or name not in modules:
            continue
        seen.add(name)
        todo.extend(_parents(name))
        todo.extend(i.target for i in modules[name].imports if i.function is None)
    routes = sorted(n for n in seen if n.rpartition(".")[2].startswith("routes"))
    assert routes == []
    assert "app.quizzes.models" in seen and "app.learning.models" in seen


def test_the_readme_layout_lists_the_layer_order():
    text = README.read_text(encoding="utf-8")
    orders = re.findall(r"`([a-z_]+(?: → [a-z_]+)+)`", text)
    assert orders == [" → ".join(LAYERS)]


# --- The checks themselves, on a small made-up graph ---------------------------------------------

LAYERS_EXAMPLE = ("core", "low", "high")


def _graph(**imports: list[str]) -> dict[str, Module]:
    modules = {
        "app": Module("app", (), is_package=True),
        "app.core": Module("app.core", (), is_package=True),
        "app.low": Module("app.low", (), is_package=True),
        "app.high": Module("app.high", (), is_package=True),
    }
    for key, targets in imports.items():
        name = "app." + key.replace("__", ".")
        kind = "pure" if name.endswith("rules") else "service" if "services" in name else "other"
        modules[name] = Module(name, tuple(Import(t, line=1) for t in targets), kind)
    return modules


def test_a_graph_that_follows_the_layers_passes():
    modules = _graph(
        core__db=[],
        low__models=["app.core.db"],
        low__rules=[],
        high__services=["app.low.models", "app.low.rules", "app.core.db"],
    )
    assert problems(modules, LAYERS_EXAMPLE) == []


def test_an_upward_import_is_found():
    modules = _graph(low__models=["app.high.services"], high__services=[])
    assert problems(modules, LAYERS_EXAMPLE) == [
        "app.low.models:1 (a lower feature) imports the higher feature high (app.high.services)"
    ]


def test_core_importing_a_feature_is_found():
    modules = _graph(core__db=["app.low.models"], low__models=[])
    assert problems(modules, LAYERS_EXAMPLE) == [
        "app.core.db:1 (core) imports the higher feature low (app.low.models)"
    ]


def test_a_cycle_between_modules_is_found():
    modules = _graph(low__models=["app.low.forms"], low__forms=["app.low.models"])
    assert problems(modules, LAYERS_EXAMPLE) == [
        "modules import each other: app.low.forms -> app.low.models -> app.low.forms"
    ]


def test_a_package_importing_its_own_module_is_a_cycle():
    modules = _graph(low__models=[])
    modules["app.low"] = Module("app.low", (Import("app.low.models", line=1),), is_package=True)
    assert problems(modules, LAYERS_EXAMPLE) == [
        "modules import each other: app.low -> app.low.models -> app.low"
    ]


def test_a_cycle_between_features_is_found_even_through_a_function():
    modules = _graph(low__models=[], high__services=["app.low.models"])
    modules["app.low.views"] = Module(
        "app.low.views", (Import("app.high.services", function="show", line=3),)
    )
    found = problems(modules, LAYERS_EXAMPLE)
    assert "app.low.views:3 imports app.high.services inside show()" in found
    assert "features import each other: high -> low -> high" in found


def test_request_state_and_the_database_are_found_where_they_do_not_belong():
    modules = _graph(low__rules=["app.core.db", "app.low.models"], low__models=[], core__db=[])
    modules["app.low.services"] = Module(
        "app.low.services", (Import("flask", ("request", "abort"), line=2),), "service"
    )
    modules["app.low.rules_of_thumb"] = Module(
        "app.low.rules_of_thumb", (Import("flask_login", ("current_user",), line=4),), "pure"
    )
    assert problems(modules, LAYERS_EXAMPLE) == [
        "app.low.rules:1 (pure) imports the database: app.core.db",
        "app.low.rules:1 (pure) imports the database: app.low.models",
        "app.low.services:2 (service) reads flask",
        "app.low.rules_of_thumb:4 (pure) reads flask_login",
    ]
