"""Reading the project's imports as a graph of modules, to keep its layers and avoid circles.

Every `import` counts, at module level or inside a function: an import placed in a function to
dodge a circle is still a circle.
"""

import ast
from pathlib import Path


def module_files(root: Path, packages: dict[str, Path]) -> dict[str, Path]:
    """Dotted module name → file, for each top package (name → folder under root)."""
    modules = {}
    for top, folder in packages.items():
        base = root / folder
        for path in base.rglob("*.py"):
            relative = path.relative_to(base)
            if "migrations" in relative.parts or "__pycache__" in relative.parts:
                continue
            parts = [top, *relative.with_suffix("").parts]
            if parts[-1] == "__init__":
                parts = parts[:-1]
            modules[".".join(parts)] = path
    return modules


def _imported_names(tree: ast.AST, module: str, is_package: bool) -> list[str]:
    package = module if is_package else module.rpartition(".")[0]
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package
                for _ in range(node.level - 1):
                    base = base.rpartition(".")[0]
                source = f"{base}.{node.module}" if node.module else base
            else:
                source = node.module or ""
            # "from a import b" may import the module a.b or the name b of a.
            names += [f"{source}.{alias.name}" for alias in node.names] + [source]
    return names


def import_graph(modules: dict[str, Path]) -> dict[str, set[str]]:
    """Module → the project modules it imports (each import resolved to the deepest module)."""

    def resolve(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    graph = {}
    for module, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        targets = set()
        for name in _imported_names(tree, module, path.name == "__init__.py"):
            target = resolve(name)
            if target and target != module:
                targets.add(target)
        graph[module] = targets
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Groups of modules that import each other, directly or through a chain (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []
    counter = [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def against_the_layers(graph: dict[str, set[str]], layers: list[str]) -> list[tuple[str, str]]:
    """Imports that run upwards: `layers` lists top packages from the top (training) down."""
    rank = {top: position for position, top in enumerate(layers)}
    wrong = []
    for module, targets in graph.items():
        here = rank.get(module.split(".")[0])
        for target in targets:
            there = rank.get(target.split(".")[0])
            if here is not None and there is not None and there < here:
                wrong.append((module, target))
    return sorted(wrong)
